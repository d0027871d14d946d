import { expect, it } from 'vitest';
import { oneRunAtATime } from '../../src/search/one-run';

const ticks = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

it('runs one at a time, and calls made while one runs share the one run after it', async () => {
  const runs: boolean[] = [];
  const release: (() => void)[] = [];
  let open = 0;
  let most = 0;
  const read = oneRunAtATime(async (key: boolean) => {
    runs.push(key);
    most = Math.max(most, ++open);
    await new Promise<void>((resolve) => release.push(resolve));
    open--;
    return runs.length;
  });
  const first = read(false);
  await ticks();
  expect(runs).toEqual([false]);
  // Asked five times while the first runs: one more run per key, which its calls share.
  const later = [read(false), read(false), read(false), read(true), read(false)];
  for (let i = 0; i < 10 && (release.length || runs.length < 3); i++) {
    await ticks();
    release.shift()?.();
  }
  expect(await first).toBe(1);
  expect(await Promise.all(later)).toEqual([2, 2, 2, 3, 2]);
  expect(runs).toEqual([false, false, true]);
  expect(most).toBe(1);
});

it('goes on after a failed run', async () => {
  const read = oneRunAtATime(async (n: number) => {
    if (n === 1) throw new Error('no');
    return n;
  });
  const failed = read(1);
  const next = read(2);
  await expect(failed).rejects.toThrow('no');
  expect(await next).toBe(2);
});
