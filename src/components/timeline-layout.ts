import { monthKey } from '../app/format';

export type Row =
  | { kind: 'header'; top: number; height: number; at: number }
  | { kind: 'tiles'; top: number; height: number; start: number; count: number };

export interface Layout {
  rows: Row[];
  height: number;
  columns: number;
  tile: number;
}

export const HEADER_HEIGHT = 44;

/**
 * Lay out the timeline (newest first) as rows: a header where the month changes, then rows of
 * `columns` square tiles. Pure arithmetic over the keys: no DOM, no rows read.
 */
export function layoutTimeline(takenAt: readonly number[], width: number, minTile = 160): Layout {
  const columns = Math.max(2, Math.floor(width / minTile));
  const tile = width / columns;
  const rows: Row[] = [];
  let top = 0;
  let i = 0;
  while (i < takenAt.length) {
    const month = monthKey(takenAt[i] as number);
    rows.push({ kind: 'header', top, height: HEADER_HEIGHT, at: takenAt[i] as number });
    top += HEADER_HEIGHT;
    let end = i;
    while (end < takenAt.length && monthKey(takenAt[end] as number) === month) end++;
    for (let start = i; start < end; start += columns) {
      rows.push({ kind: 'tiles', top, height: tile, start, count: Math.min(columns, end - start) });
      top += tile;
    }
    i = end;
  }
  return { rows, height: top, columns, tile };
}

/** Index of the first row whose bottom is below `y` (binary search). */
export function firstRowAt(rows: readonly Row[], y: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const row = rows[mid] as Row;
    if (row.top + row.height <= y) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo);
}
