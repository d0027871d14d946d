import type { TimelineKey } from '../catalog/timeline-repo';
import { monthBlock, rowOfIndex, rowsBetween, tileLefts, type Layout } from './timeline-layout';

/**
 * Timeline positions → photo ids, reading only the months they fall in (`keysOf` answers from
 * what the grid holds, else from the catalogue): a Shift+click range or a dragged rectangle.
 */
export async function idsAt(layout: Layout, positions: readonly number[], keysOf: (month: number, at: readonly number[]) => Promise<readonly TimelineKey[]>): Promise<string[]> {
  const byMonth = new Map<number, { start: number; at: number[] }>();
  for (const i of positions) {
    const row = rowOfIndex(layout, i);
    if (!row) continue;
    const entry = byMonth.get(row.month) ?? { start: row.index - row.offset, at: [] };
    entry.at.push(i - entry.start);
    byMonth.set(row.month, entry);
  }
  const lists = await Promise.all([...byMonth].map(async ([month, { at }]) => {
    const keys = await keysOf(month, at);
    return at.flatMap((k) => (keys[k] ? [keys[k][1]] : []));
  }));
  return lists.flat();
}

/** How many tiles a month has in this layout. */
export function monthCount(layout: Layout, month: number): number {
  return monthBlock(layout, month)?.count ?? 0;
}

/** Keys the grid kept for a month are all of it: as many as it has, with no hole. */
export const wholeMonth = (kept: readonly (TimelineKey | undefined)[], count: number) => kept.length === count && !kept.includes(undefined);

/** Every position from `a` to `b`, both included, in either order. */
export function span(a: number, b: number): number[] {
  const [from, to] = a <= b ? [a, b] : [b, a];
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}

/** The positions of the tiles a rectangle (in the grid's own coordinates) touches. */
export function positionsInRect(layout: Layout, rect: { x0: number; y0: number; x1: number; y1: number }): number[] {
  const [left, right] = [Math.min(rect.x0, rect.x1), Math.max(rect.x0, rect.x1)];
  const [top, bottom] = [Math.min(rect.y0, rect.y1), Math.max(rect.y0, rect.y1)];
  const firstCol = Math.max(0, Math.floor(left / layout.tile));
  const lastCol = Math.floor(right / layout.tile);
  const out: number[] = [];
  for (const row of rowsBetween(layout, top, bottom)) {
    if (row.kind !== 'tiles' || row.top >= bottom) continue;
    if (row.widths) {
      // Justified rows: tiles of their own widths.
      tileLefts(row, layout.tile).forEach((x, c) => x < right && x + (row.widths?.[c] ?? 0) > left && out.push(row.index + c));
      continue;
    }
    for (let c = firstCol; c <= Math.min(lastCol, row.count - 1); c++) out.push(row.index + c);
  }
  return out;
}
