import Dexie from 'dexie';
import type { ShoeboxDb } from './db';
import type { PhotoRow } from './types';
import { byVisibility } from './visibility';

/** A position in the timeline: the `[takenAt+id]` key. The timeline runs newest first. */
export type TimelineKey = [takenAt: number, id: string];

/** How many photos a month holds: all the grid needs to lay itself out. */
export interface MonthBucket {
  /** year × 12 + month (0-based), of the wall-clock taken-at. */
  month: number;
  /** Every photo, private ones included. */
  count: number;
  /** Photos that are not private. */
  visible: number;
}

export function monthOf(takenAt: number): number {
  const d = new Date(takenAt);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** First and last millisecond of a month, inclusive. */
export function monthSpan(month: number): [number, number] {
  const year = Math.floor(month / 12);
  return [Date.UTC(year, month % 12, 1), Date.UTC(year, (month % 12) + 1, 1) - 1];
}

function monthRange(db: ShoeboxDb, month: number) {
  const [start, end] = monthSpan(month);
  return db.photos.where('[takenAt+id]').between([start, Dexie.minKey], [end, Dexie.maxKey], true, true);
}

/** The month's photos that are not private, through the visibility-first index. */
function visibleMonthRange(db: ShoeboxDb, month: number) {
  return byVisibility(db, 0, ...monthSpan(month));
}

/**
 * Bring the month counts up to date for the months a write touched: each is counted again
 * through the `[takenAt+id]` index, inside the caller's transaction (which must include
 * `photos` and `months`), so the buckets can never drift from the photos.
 */
export async function recountMonths(db: ShoeboxDb, takenAts: Iterable<number>): Promise<void> {
  const months = new Set<number>();
  for (const at of takenAts) months.add(monthOf(at));
  for (const month of months) {
    const [count, visible] = await Promise.all([monthRange(db, month).count(), visibleMonthRange(db, month).count()]);
    if (count) await db.months.put({ month, count, visible });
    else await db.months.delete(month);
  }
}

/** Every month with photos, newest first: a few hundred rows even for a lifetime's library. */
export async function monthBuckets(db: ShoeboxDb): Promise<MonthBucket[]> {
  return db.months.orderBy('month').reverse().toArray();
}

/** The keys of one month, newest first: read only for the months on screen. */
export async function keysOfMonth(db: ShoeboxDb, month: number, includePrivate = false): Promise<TimelineKey[]> {
  if (includePrivate) return (await monthRange(db, month).reverse().keys()) as unknown as TimelineKey[];
  const keys = (await visibleMonthRange(db, month).reverse().keys()) as unknown as [number, number, string][];
  return keys.map(([, takenAt, id]) => [takenAt, id]);
}

/** Photos from `first` to `last` inclusive (newest first), read through the compound index. */
export async function photosBetween(db: ShoeboxDb, first: TimelineKey, last: TimelineKey): Promise<PhotoRow[]> {
  return db.photos.where('[takenAt+id]').between(last, first, true, true).reverse().toArray();
}

/** The photo before (`-1`, newer) or after (`1`, older) `key` in the timeline, by one indexed read. */
export async function neighbour(db: ShoeboxDb, key: TimelineKey, step: 1 | -1, includePrivate = false): Promise<TimelineKey | undefined> {
  let row: PhotoRow | undefined;
  if (includePrivate) {
    const index = db.photos.where('[takenAt+id]');
    row = step === 1 ? await index.below(key).last() : await index.above(key).first();
  } else {
    const index = db.photos.where('[hidden+takenAt+id]');
    const at = [0, ...key];
    // ±Infinity bound the dates (valid keys in every engine, unlike a nested maxKey).
    row = step === 1
      ? await index.between([0, -Infinity, Dexie.minKey], at, true, false).last()
      : await index.between(at, [0, Infinity, Dexie.maxKey], false, true).first();
  }
  return row && [row.takenAt, row.id];
}

/** Rebuild every bucket (the v3 upgrade; a repair tool): one pass over the index keys. */
export async function rebuildMonths(db: ShoeboxDb): Promise<void> {
  const counts = new Map<number, { count: number; visible: number }>();
  await db.photos.orderBy('[hidden+takenAt+id]').eachKey((key) => {
    const [hidden, takenAt] = key as unknown as [number, number];
    const bucket = counts.get(monthOf(takenAt)) ?? { count: 0, visible: 0 };
    bucket.count++;
    if (!hidden) bucket.visible++;
    counts.set(monthOf(takenAt), bucket);
  });
  await db.months.clear();
  await db.months.bulkPut([...counts].map(([month, c]) => ({ month, ...c })));
}
