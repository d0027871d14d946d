import { describe, expect, it } from 'vitest';
import { firstRowAt, HEADER_HEIGHT, layoutTimeline } from '../../src/components/timeline-layout';

const day = (y: number, m: number, d = 1) => Date.UTC(y, m, d);

describe('layoutTimeline', () => {
  it('puts a header where the month changes and fills rows of whole columns', () => {
    const taken = [day(2024, 5, 20), day(2024, 5, 10), day(2024, 5, 2), day(2024, 4, 30), day(2023, 0, 1)];
    const layout = layoutTimeline(taken, 400, 160);
    expect(layout.columns).toBe(2);
    expect(layout.rows.map((r) => (r.kind === 'header' ? 'H' : r.count))).toEqual(['H', 2, 1, 'H', 1, 'H', 1]);
    expect(layout.height).toBe(3 * HEADER_HEIGHT + 4 * 200);
  });

  it('finds the first visible row by binary search', () => {
    const taken = Array.from({ length: 1000 }, (_, i) => day(2020, 0, 1) - i * 3600_000);
    const { rows, height } = layoutTimeline(taken, 800, 160);
    for (const y of [0, 500, 12_345, height - 1]) {
      const i = firstRowAt(rows, y);
      const row = rows[i]!;
      expect(row.top + row.height).toBeGreaterThan(y);
      if (i > 0) expect(rows[i - 1]!.top + rows[i - 1]!.height).toBeLessThanOrEqual(y);
    }
  });

  it('scales to 100,000 photos with keys only', () => {
    const taken = Array.from({ length: 100_000 }, (_, i) => day(2024, 0, 1) - i * 600_000);
    const layout = layoutTimeline(taken, 1200, 160);
    const tiles = layout.rows.flatMap((r) => (r.kind === 'tiles' ? [r] : []));
    expect(tiles.reduce((n, r) => n + r.count, 0)).toBe(100_000);
    // Rows are contiguous: each tile row starts where the previous one ended.
    expect(tiles.every((r, i) => i === 0 || r.start === tiles[i - 1]!.start + tiles[i - 1]!.count)).toBe(true);
  });
});
