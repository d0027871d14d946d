import { describe, expect, it } from 'vitest';
import { steadyRate } from '../bench/rate';

describe('the bench’s rate once an import has warmed up', () => {
  it('leaves out a slow start and the last few, whatever order the workers report in', () => {
    // 10 photos in the first 10 s (models loading), then 4 a second for 40 more, then 2 slow ones.
    const ends = [...Array.from({ length: 10 }, (_, i) => 1_000 * (i + 1)), ...Array.from({ length: 160 }, (_, i) => 10_000 + 250 * (i + 1)), 52_000, 56_000];
    const shuffled = ends.filter((_, i) => i % 2).concat(ends.filter((_, i) => i % 2 === 0));
    expect(steadyRate(shuffled)).toBeCloseTo(4, 6);
  });

  it('takes the whole run when it is too short for a window, and gives nothing for under two photos', () => {
    expect(steadyRate([1_000, 1_500, 2_000])).toBeCloseTo(2, 6);
    expect(steadyRate([1_000])).toBeUndefined();
    expect(steadyRate([])).toBeUndefined();
  });
});
