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
      /** Justified rows only: the month's shapes are not read yet, and this row is a guess of 4:3 tiles. */
      guessed?: true;
    };

export type TileRow = Extract<Row, { kind: 'tiles' }>;

/**
 * A month in the layout: where it starts and ends, and its rows, made the first time they are
 * asked for and then kept (the same objects every time, so the grid's list keeps their elements).
 * A million photos are about 1,400 months: laying them out is placing 1,400 blocks, not 145,000
 * rows (which took 40–95 ms in Node, measured 2026-12-03).
 */
export interface MonthBlock {
  month: number;
  /** The header's top, px. */
  top: number;
  /** Below the month's last row, px. */
  bottom: number;
  /** Timeline position of the month's first photo. */
  index: number;
  count: number;
  /** The header, then the tile rows. */
  rows(): readonly Row[];
}

export interface Layout {
  /** The months, newest first, in the order they are laid out. */
  months: MonthBlock[];
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

/** What the grid lays its timeline out from. */
export interface LayoutInputs {
  buckets: readonly MonthCount[];
  width: number;
  justified: boolean;
  /** Justified rows: the aspect ratios read so far, by month. */
  aspects: ReadonlyMap<number, readonly number[]>;
}

const sameNumbers = (a: readonly number[] | undefined, b: readonly number[] | undefined) => a === b || (!!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]));

/**
 * Whether two sets of inputs lay the timeline out alike. The grid then keeps its layout, and with
 * it its rows and their elements: a refresh that changes nothing on screen (a live query delivered
 * again after a change elsewhere, a month's shapes read again) must not rebuild the tiles, or the
 * one holding the keyboard's focus loses it.
 */
export function sameLayoutInputs(a: LayoutInputs, b: LayoutInputs): boolean {
  if (a.width !== b.width || a.justified !== b.justified || a.buckets.length !== b.buckets.length) return false;
  if (!a.buckets.every((m, i) => m.month === b.buckets[i]?.month && m.count === b.buckets[i]?.count)) return false;
  if (!a.justified || a.aspects === b.aspects) return true;
  return a.aspects.size === b.aspects.size && [...a.aspects].every(([month, list]) => sameNumbers(list, b.aspects.get(month)));
}

/** The shape a month not read yet is given: rows of 4:3 tiles, close to what most cameras take. */
const GUESSED_ASPECT = 4 / 3;

export const HEADER_HEIGHT = 44;

/**
 * A month of rows alike: `perRow` tiles of `tileWidth` (the same array of widths shared by every
 * full row when justified), each `rowHeight` high. Its rows are made only when first asked for.
 */
function evenBlock(month: number, top: number, index: number, count: number, perRow: number, rowHeight: number, tileWidth?: number): MonthBlock {
  let rows: Row[] | undefined;
  const rowCount = Math.ceil(count / perRow);
  const fullWidths = tileWidth === undefined ? undefined : Array<number>(perRow).fill(tileWidth);
  return {
    month, top, index, count,
    bottom: top + HEADER_HEIGHT + rowCount * rowHeight,
    rows() {
      if (rows) return rows;
      rows = [{ kind: 'header', top, height: HEADER_HEIGHT, month }];
      for (let r = 0, offset = 0; r < rowCount; r++, offset += perRow) {
        const n = Math.min(perRow, count - offset);
        const widths = fullWidths && (n === perRow ? fullWidths : fullWidths.slice(0, n));
        rows.push({ kind: 'tiles', top: top + HEADER_HEIGHT + r * rowHeight, height: rowHeight, month, offset, count: n, index: index + offset, ...(widths ? { widths, guessed: true } : {}) });
      }
      return rows;
    },
  };
}

/**
 * Lay out the timeline (newest first) from month counts alone: a header per month, then rows of
 * `columns` square tiles. A million photos are about 1,400 buckets: no key is read, and no row is
 * made until it is asked for (`rowsBetween`, `rowOfIndex`).
 */
export function layoutTimeline(buckets: readonly MonthCount[], width: number, minTile = 160, justify?: Justify): Layout {
  if (justify) return layoutJustified(buckets, width, justify);
  const columns = Math.max(2, Math.floor(width / minTile));
  const tile = width / columns;
  const months: MonthBlock[] = [];
  let top = 0;
  let index = 0;
  for (const { month, count } of buckets) {
    const block = evenBlock(month, top, index, count, columns, tile);
    months.push(block);
    top = block.bottom;
    index += count;
  }
  return { months, height: top, columns, tile, total: index, justified: false };
}

/**
 * Lay out the timeline in justified rows (Flickr's `justified-layout`): each month's rows keep
 * every photo's aspect ratio, at about `rowHeight`. A month whose aspect ratios are not read yet
 * (only those near the screen are) takes its count in rows of 4:3 tiles, a close guess of its
 * height, until they are; so the layout is still made from the counts, plus what is on screen.
 */
function layoutJustified(buckets: readonly MonthCount[], width: number, { aspects, rowHeight }: Justify): Layout {
  const months: MonthBlock[] = [];
  const guessPerRow = Math.max(1, Math.round(width / (rowHeight * GUESSED_ASPECT)));
  const guessWidth = width / guessPerRow;
  let top = 0;
  let index = 0;
  for (const { month, count } of buckets) {
    const known = aspects(month);
    const block = known && known.length === count ? justifiedBlock(month, top, index, known, width, rowHeight) : evenBlock(month, top, index, count, guessPerRow, guessWidth / GUESSED_ASPECT, guessWidth);
    months.push(block);
    top = block.bottom;
    index += count;
  }
  return { months, height: top, columns: guessPerRow, tile: rowHeight, total: index, justified: true };
}

/** A month whose aspect ratios are read: its rows laid out now (only months near the screen are). */
function justifiedBlock(month: number, top: number, index: number, aspects: readonly number[], width: number, rowHeight: number): MonthBlock {
  const rows: Row[] = [{ kind: 'header', top, height: HEADER_HEIGHT, month }];
  const start = top + HEADER_HEIGHT;
  const { boxes } = justifiedLayout(aspects as number[], { containerWidth: width, containerPadding: 0, boxSpacing: 0, targetRowHeight: rowHeight, widowLayoutStyle: 'left' });
  let offset = 0;
  while (offset < boxes.length) {
    const first = boxes[offset] as { top: number; height: number };
    let end = offset;
    while (end < boxes.length && (boxes[end] as { top: number }).top === first.top) end++;
    const widths = boxes.slice(offset, end).map((b) => b.width);
    rows.push({ kind: 'tiles', top: start + first.top, height: first.height, month, offset, count: end - offset, index: index + offset, widths });
    offset = end;
  }
  const last = boxes[boxes.length - 1];
  return { month, top, index, count: aspects.length, bottom: start + (last ? last.top + last.height : 0), rows: () => rows };
}

/** Index of the first month whose bottom is below `y` (binary search); the last month if none is. */
function monthAtY(months: readonly MonthBlock[], y: number): number {
  let lo = 0;
  let hi = months.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((months[mid] as MonthBlock).bottom <= y) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo);
}

/** Where in `list` (in timeline order, from `lo`) the item holding timeline position `index` is (binary search), or -1. */
function holding(list: readonly unknown[], index: number, lo = 0): number {
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = list[mid] as { index: number; count: number };
    if (index < item.index) hi = mid - 1;
    else if (index >= item.index + item.count) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * The rows from the first whose bottom is below `from` to the last whose top is at or above `to`:
 * a screenful and its margins, with only the months it crosses laid out.
 */
export function rowsBetween(layout: Layout, from: number, to: number): Row[] {
  const out: Row[] = [];
  const { months } = layout;
  for (let m = monthAtY(months, from); m < months.length; m++) {
    const rows = (months[m] as MonthBlock).rows();
    for (let i = out.length ? 0 : firstRowAt(rows, from); i < rows.length; i++) {
      const row = rows[i] as Row;
      if (row.top > to) return out;
      out.push(row);
    }
  }
  return out;
}

/** The row at height `y`: the first whose bottom is below it (the last row past the end). */
export function rowAt(layout: Layout, y: number): Row | undefined {
  const block = layout.months[monthAtY(layout.months, y)];
  if (!block) return undefined;
  const rows = block.rows();
  return rows[firstRowAt(rows, y)];
}

/** A month's block, by its month number. */
export function monthBlock(layout: Layout, month: number): MonthBlock | undefined {
  return layout.months.find((m) => m.month === month);
}

/** Every row, in order: the whole timeline laid out (tests, and small layouts only). */
export function allRows(layout: Layout): Row[] {
  return layout.months.flatMap((m) => m.rows());
}

/** Every tile row, in order (tests, and small layouts only). */
export function allTileRows(layout: Layout): TileRow[] {
  return allRows(layout).filter((r): r is TileRow => r.kind === 'tiles');
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
  const row = rowOfIndex(layout, index);
  const next = row && tileRowBeside(layout, row, dir);
  if (!row || !next) return index;
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

/** The tile row before (`-1`) or after (`1`) `row`, across month headers; undefined at either end. */
function tileRowBeside(layout: Layout, row: TileRow, dir: 1 | -1): TileRow | undefined {
  const { months } = layout;
  for (let m = holding(months, row.index), first = true; m >= 0 && m < months.length; m += dir, first = false) {
    const rows = (months[m] as MonthBlock).rows();
    const from = first ? rows.indexOf(row) + dir : dir > 0 ? 0 : rows.length - 1;
    for (let i = from; i >= 0 && i < rows.length; i += dir) {
      const r = rows[i] as Row;
      if (r.kind === 'tiles') return r;
    }
  }
  return undefined;
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

/** The tile row holding timeline position `index` (binary search: the month, then its row). */
export function rowOfIndex(layout: Layout, index: number): TileRow | undefined {
  const rows = layout.months[holding(layout.months, index)]?.rows();
  // The month's first row is its header: the tile rows follow it.
  return rows && (rows[holding(rows, index, 1)] as TileRow | undefined);
}

/** The month headers of a layout, newest first, with where each starts. */
export function monthStarts(layout: Layout): { month: number; top: number }[] {
  return layout.months.map(({ month, top }) => ({ month, top }));
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
