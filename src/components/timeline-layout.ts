/** A month and how many photos it shows (all, or only those not private). */
export interface MonthCount {
  month: number;
  count: number;
}

export type Row =
  | { kind: 'header'; top: number; height: number; month: number }
  | {
      kind: 'tiles';
      top: number;
      height: number;
      month: number;
      /** Position of the row's first tile within its month (newest first). */
      offset: number;
      count: number;
      /** Position of the row's first tile in the whole timeline. */
      index: number;
    };

export type TileRow = Extract<Row, { kind: 'tiles' }>;

export interface Layout {
  rows: Row[];
  tileRows: TileRow[];
  height: number;
  columns: number;
  tile: number;
  total: number;
}

export const HEADER_HEIGHT = 44;

/**
 * Lay out the timeline (newest first) from month counts alone: a header per month, then rows of
 * `columns` square tiles. A hundred thousand photos are a few hundred buckets: no key is read.
 */
export function layoutTimeline(buckets: readonly MonthCount[], width: number, minTile = 160): Layout {
  const columns = Math.max(2, Math.floor(width / minTile));
  const tile = width / columns;
  const rows: Row[] = [];
  const tileRows: TileRow[] = [];
  let top = 0;
  let index = 0;
  for (const { month, count } of buckets) {
    rows.push({ kind: 'header', top, height: HEADER_HEIGHT, month });
    top += HEADER_HEIGHT;
    for (let offset = 0; offset < count; offset += columns) {
      const row: TileRow = { kind: 'tiles', top, height: tile, month, offset, count: Math.min(columns, count - offset), index: index + offset };
      rows.push(row);
      tileRows.push(row);
      top += tile;
    }
    index += count;
  }
  return { rows, tileRows, height: top, columns, tile, total: index };
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

/** The tile row holding timeline position `index` (binary search). */
export function rowOfIndex(tileRows: readonly TileRow[], index: number): TileRow | undefined {
  let lo = 0;
  let hi = tileRows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const row = tileRows[mid] as TileRow;
    if (index < row.index) hi = mid - 1;
    else if (index >= row.index + row.count) lo = mid + 1;
    else return row;
  }
  return undefined;
}
