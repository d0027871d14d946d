import justifiedLayout from 'justified-layout';

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
      /** Justified rows only: each tile's width (they fill the row from the left). */
      widths?: number[];
    };

export type TileRow = Extract<Row, { kind: 'tiles' }>;

export interface Layout {
  rows: Row[];
  tileRows: TileRow[];
  height: number;
  columns: number;
  tile: number;
  total: number;
  /** Rows keep each photo's aspect ratio (`widths` on every tile row). */
  justified: boolean;
}

/** What a justified layout needs besides the counts: each month's aspect ratios, once read. */
export interface Justify {
  /** The aspect ratios (width / height, as shown) of a month's photos in grid order, or undefined until read. */
  aspects(month: number): readonly number[] | undefined;
  /** The row height aimed at, px. */
  rowHeight: number;
}

/** The shape a month not read yet is given: rows of 4:3 tiles, close to what most cameras take. */
const GUESSED_ASPECT = 4 / 3;

export const HEADER_HEIGHT = 44;

/**
 * Lay out the timeline (newest first) from month counts alone: a header per month, then rows of
 * `columns` square tiles. A hundred thousand photos are a few hundred buckets: no key is read.
 */
export function layoutTimeline(buckets: readonly MonthCount[], width: number, minTile = 160, justify?: Justify): Layout {
  if (justify) return layoutJustified(buckets, width, justify);
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
  return { rows, tileRows, height: top, columns, tile, total: index, justified: false };
}

/**
 * Lay out the timeline in justified rows (Flickr's `justified-layout`): each month's rows keep
 * every photo's aspect ratio, at about `rowHeight`. A month whose aspect ratios are not read yet
 * (only those near the screen are) takes its count in rows of 4:3 tiles, a close guess of its
 * height, until they are; so the layout is still made from the counts, plus what is on screen.
 */
function layoutJustified(buckets: readonly MonthCount[], width: number, { aspects, rowHeight }: Justify): Layout {
  const rows: Row[] = [];
  const tileRows: TileRow[] = [];
  const guessPerRow = Math.max(1, Math.round(width / (rowHeight * GUESSED_ASPECT)));
  let top = 0;
  let index = 0;
  for (const { month, count } of buckets) {
    rows.push({ kind: 'header', top, height: HEADER_HEIGHT, month });
    top += HEADER_HEIGHT;
    const known = aspects(month);
    if (known && known.length === count) {
      const { boxes } = justifiedLayout(known as number[], { containerWidth: width, containerPadding: 0, boxSpacing: 0, targetRowHeight: rowHeight, widowLayoutStyle: 'left' });
      let offset = 0;
      while (offset < boxes.length) {
        const first = boxes[offset] as { top: number; height: number };
        let end = offset;
        while (end < boxes.length && (boxes[end] as { top: number }).top === first.top) end++;
        const widths = boxes.slice(offset, end).map((b) => b.width);
        const row: TileRow = { kind: 'tiles', top: top + first.top, height: first.height, month, offset, count: end - offset, index: index + offset, widths };
        rows.push(row);
        tileRows.push(row);
        offset = end;
      }
      const last = boxes[boxes.length - 1];
      top += last ? last.top + last.height : 0;
    } else {
      const guessWidth = width / guessPerRow;
      for (let offset = 0; offset < count; offset += guessPerRow) {
        const n = Math.min(guessPerRow, count - offset);
        const row: TileRow = { kind: 'tiles', top, height: guessWidth / GUESSED_ASPECT, month, offset, count: n, index: index + offset, widths: Array<number>(n).fill(guessWidth) };
        rows.push(row);
        tileRows.push(row);
        top += row.height;
      }
    }
    index += count;
  }
  return { rows, tileRows, height: top, columns: guessPerRow, tile: rowHeight, total: index, justified: true };
}

/** Where a row's tiles start, from the left. */
export function tileLefts(row: TileRow, tile: number): number[] {
  const lefts: number[] = [];
  let x = 0;
  for (let i = 0; i < row.count; i++) {
    lefts.push(x);
    x += row.widths?.[i] ?? tile;
  }
  return lefts;
}

/**
 * The tile above (`-1`) or below (`1`) timeline position `index` in a justified layout: in the
 * row before or after, the one whose middle is nearest this one's. `index` itself at either end.
 */
export function tileAcross(layout: Layout, index: number, dir: 1 | -1): number {
  const rows = layout.tileRows;
  const row = rowOfIndex(rows, index);
  if (!row) return index;
  let at = 0;
  for (let lo = 0, hi = rows.length - 1; lo <= hi; ) {
    const mid = (lo + hi) >> 1;
    if ((rows[mid] as TileRow).index <= row.index) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const next = rows[at + dir];
  if (!next) return index;
  const k = index - row.index;
  const centre = (tileLefts(row, layout.tile)[k] ?? 0) + (row.widths?.[k] ?? layout.tile) / 2;
  const lefts = tileLefts(next, layout.tile);
  let best = 0;
  let bestDistance = Infinity;
  lefts.forEach((left, i) => {
    const d = Math.abs(left + (next.widths?.[i] ?? layout.tile) / 2 - centre);
    if (d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  return next.index + best;
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

/** The month headers of a layout, newest first, with where each starts. */
export function monthStarts(rows: readonly Row[]): { month: number; top: number }[] {
  const out: { month: number; top: number }[] = [];
  for (const row of rows) if (row.kind === 'header') out.push({ month: row.month, top: row.top });
  return out;
}

/** Index of the month showing at scroll position `y`: the last one starting at or above it (binary search). */
export function monthIndexAt(starts: readonly { top: number }[], y: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as { top: number }).top <= y + 0.5) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

export interface ScrubberMark {
  /** The year's or month's first header, as a fraction of the scroll range (0 top, 1 bottom). */
  at: number;
  month: number;
}

/**
 * Where the scrubber draws its years and months, from the headers' positions alone: a year is
 * labelled at its newest month, and only where its label does not run into another (`minGap` of
 * the track); a month tick only where ticks are at least `minTick` apart.
 */
export function scrubberMarks(starts: readonly { month: number; top: number }[], scrollRange: number, minGap: number, minTick: number): { years: ScrubberMark[]; months: ScrubberMark[] } {
  const years: ScrubberMark[] = [];
  const months: ScrubberMark[] = [];
  if (scrollRange <= 0) return { years, months };
  const starting: (ScrubberMark & { span: number })[] = [];
  let lastTickAt = -Infinity;
  for (const { month, top } of starts) {
    const at = Math.min(1, top / scrollRange);
    if (Math.floor(month / 12) !== Math.floor((starting[starting.length - 1]?.month ?? NaN) / 12)) {
      const previous = starting[starting.length - 1];
      if (previous) previous.span = at - previous.at;
      starting.push({ at, month, span: 1 - at });
    }
    if (at - lastTickAt >= minTick) {
      months.push({ at, month });
      lastTickAt = at;
    }
  }
  // Where labels would touch, the year that takes more of the track wins (a year of one photo
  // does not hide the full year after it); newest first among equals.
  const size = (y: { span: number }) => Math.round(y.span / minGap);
  const bySpan = [...starting].sort((a, b) => size(b) - size(a) || a.at - b.at);
  for (const year of bySpan) {
    if (years.every((y) => Math.abs(y.at - year.at) >= minGap)) years.push({ at: year.at, month: year.month });
  }
  years.sort((a, b) => a.at - b.at);
  return { years, months };
}
