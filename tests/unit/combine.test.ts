import { expect, it } from 'vitest';
import { combine } from '../../src/search/planner';

/** The answer by sets: in every positive list, in no negative one, newest (highest position) first. */
function naive(n: number, positive: Uint32Array[], negative: Uint32Array[]): number[] {
  const sets = positive.map((l) => new Set(l));
  const out = new Set(negative.flatMap((l) => [...l]));
  const found: number[] = [];
  for (let i = n - 1; i >= 0; i--) if (sets.every((s) => s.has(i)) && !out.has(i)) found.push(i);
  return found;
}

it('finds the photos in every list and in no negative one, newest first, call after call on the same scratch', () => {
  let seed = 7;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const list = (n: number, size: number) => Uint32Array.from({ length: size }, () => Math.floor(random() * n));
  for (let round = 0; round < 400; round++) {
    // Orders of different sizes, lists from empty to larger than the order (repeats), so both
    // ways of reading the answer (sorting the smallest list, walking the order) are taken.
    const n = 1 + Math.floor(random() * (round % 2 ? 50 : 5000));
    const sizes = () => Math.floor(random() * random() * n * 2);
    const positive = Array.from({ length: 1 + Math.floor(random() * 3) }, () => list(n, sizes()));
    const negative = Array.from({ length: Math.floor(random() * 2) }, () => list(n, sizes()));
    expect([...combine(n, positive, negative)]).toEqual(naive(n, positive, negative));
  }
  expect([...combine(10, [], [])]).toEqual([]);
  expect([...combine(10, [Uint32Array.of(3, 3, 1)], [])]).toEqual([3, 1]);
});
