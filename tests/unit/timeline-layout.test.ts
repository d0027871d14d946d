import { describe, expect, it } from 'vitest';
import { firstRowAt, HEADER_HEIGHT, layoutTimeline, rowOfIndex } from '../../src/components/timeline-layout';

const month = (y: number, m: number) => y * 12 + m;

describe('layoutTimeline', () => {
  it('puts a header per month and fills rows of whole columns, from counts alone', () => {
    const layout = layoutTimeline([{ month: month(2024, 5), count: 3 }, { month: month(2024, 4), count: 1 }, { month: month(2023, 0), count: 1 }], 400, 160);
    expect(layout.columns).toBe(2);
    expect(layout.rows.map((r) => (r.kind === 'header' ? 'H' : r.count))).toEqual(['H', 2, 1, 'H', 1, 'H', 1]);
    expect(layout.tileRows.map((r) => [r.offset, r.index])).toEqual([[0, 0], [2, 2], [0, 3], [0, 4]]);
    expect(layout.height).toBe(3 * HEADER_HEIGHT + 4 * 200);
    expect(layout.total).toBe(5);
  });

  it('finds the first visible row and the row of any position by binary search', () => {
    const buckets = Array.from({ length: 240 }, (_, i) => ({ month: month(2020, 0) - i, count: 1 + ((i * 37) % 90) }));
    const layout = layoutTimeline(buckets, 800, 160);
    for (const y of [0, 500, 12_345, layout.height - 1]) {
      const i = firstRowAt(layout.rows, y);
      const row = layout.rows[i]!;
      expect(row.top + row.height).toBeGreaterThan(y);
      if (i > 0) expect(layout.rows[i - 1]!.top + layout.rows[i - 1]!.height).toBeLessThanOrEqual(y);
    }
    for (const index of [0, 1, 777, layout.total - 1]) {
      const row = rowOfIndex(layout.tileRows, index)!;
      expect(index).toBeGreaterThanOrEqual(row.index);
      expect(index).toBeLessThan(row.index + row.count);
    }
    expect(rowOfIndex(layout.tileRows, layout.total)).toBeUndefined();
  });

  it('lays out 100,000 photos in contiguous rows', () => {
    const buckets = Array.from({ length: 400 }, (_, i) => ({ month: month(2024, 0) - i, count: 250 }));
    const layout = layoutTimeline(buckets, 1200, 160);
    expect(layout.total).toBe(100_000);
    const rows = layout.tileRows;
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(100_000);
    expect(rows.every((r, i) => i === 0 || r.index === rows[i - 1]!.index + rows[i - 1]!.count)).toBe(true);
  });
});
