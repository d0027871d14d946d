import { expect, it } from 'vitest';
import { combine, inAll, monthCounts, newestFirst, type NewestFirst } from '../../src/search/positions';

/** The answer by sets: in every positive list, in no negative one, newest (highest position) first. */
function naive(n: number, positive: Uint32Array[], negative: Uint32Array[]): number[] {
  const sets = positive.map((l) => new Set(l));
  const out = new Set(negative.flatMap((l) => [...l]));
  const found: number[] = [];
  for (let i = n - 1; i >= 0; i--) if (sets.every((s) => s.has(i)) && !out.has(i)) found.push(i);
  return found;
}

let seed = 7;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const list = (n: number, size: number) => Uint32Array.from({ length: size }, () => Math.floor(random() * n));

it('finds the photos in every list and in no negative one, newest first, call after call on the same scratch', () => {
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

it('merges lists kept newest first to the same answer, whether they are alike in size or one is far larger', () => {
  for (let round = 0; round < 400; round++) {
    const n = 1 + Math.floor(random() * (round % 2 ? 60 : 20_000));
    // Every third round one list holds nearly every photo and another a handful: the small one
    // is looked up by halving in the large (more than 16 times its size), else merged step by step.
    const sizes = (k: number) => (round % 3 === 0 ? (k === 0 ? Math.floor(random() * 8) : n * 2) : Math.floor(random() * random() * n * 2));
    const positive = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, k) => list(n, sizes(k)));
    const negative = Array.from({ length: Math.floor(random() * 3) }, (_, k) => list(n, sizes(k + 1)));
    const kept = (l: Uint32Array) => newestFirst(n, l);
    const found = inAll(positive.map(kept), negative.map(kept));
    expect([...found]).toEqual(naive(n, positive, negative));
  }
  // A list alone, nothing taken away, is the answer itself (no copy).
  const one = newestFirst(10, Uint32Array.of(4, 9, 4, 1));
  expect(inAll([one], [])).toBe(one);
  expect([...one]).toEqual([9, 4, 1]);
  expect([...inAll([], [])]).toEqual([]);
  expect([...inAll([one], [one])]).toEqual([]);
});

it('counts the photos found in each month, newest first, as a walk over every photo would', () => {
  for (let round = 0; round < 300; round++) {
    // Months never decrease along the order; some are empty, some long.
    const n = 1 + Math.floor(random() * (round % 2 ? 40 : 5_000));
    const months: number[] = [];
    let month = 24_000;
    for (let i = 0; i < n; i++) {
      if (random() < (round % 3 === 0 ? 0.5 : 0.02)) month += 1 + Math.floor(random() * 3);
      months.push(month);
    }
    const found = newestFirst(n, list(n, Math.floor(random() * random() * n * 2)));
    const walked: { month: number; count: number }[] = [];
    for (const i of found) {
      const month = months[i] as number;
      const last = walked[walked.length - 1];
      if (last?.month === month) last.count++;
      else walked.push({ month, count: 1 });
    }
    expect(monthCounts(found, months)).toEqual(walked);
  }
  expect(monthCounts(new Uint32Array(0) as NewestFirst, [1, 2])).toEqual([]);
});
