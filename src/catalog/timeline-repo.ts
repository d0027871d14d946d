import Dexie from 'dexie';
import type { ShoeboxDb } from './db';
import type { PhotoRow } from './types';
import { byVisibility, shownLevels } from './visibility';

/** A position in the timeline: the `[takenAt+id]` key. The timeline runs newest first. */
export type TimelineKey = [takenAt: number, id: string];

/** How many photos a month holds: all the grid needs to lay itself out. */
export interface MonthBucket {
  /** year × 12 + month (0-based), of the wall-clock taken-at. */
  month: number;
  /** Every photo shown with private photos shown (folded stack members are not: visibility.ts). */
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

/** Timeline keys in one order: older first, ties by id. */
export const byKey = (a: TimelineKey, b: TimelineKey) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

/**
 * The keys a view shows taken in [from, to], oldest first: one range of the visibility-first
 * index per `hidden` level shown (visibility.ts), merged. Folded stack members are never read.
 */
export async function shownKeys(db: ShoeboxDb, includePrivate: boolean, from = -Infinity, to = Infinity): Promise<TimelineKey[]> {
  const lists = await Promise.all(shownLevels(includePrivate).map((h) => byVisibility(db, h, from, to).keys() as unknown as Promise<[number, number, string][]>));
  const keys = lists.flat().map(([, takenAt, id]): TimelineKey => [takenAt, id]);
  return lists.length > 1 ? keys.sort(byKey) : keys;
}

/** How many photos of each level a month holds. */
async function monthCount(db: ShoeboxDb, month: number, hidden: 0 | 1): Promise<number> {
  return byVisibility(db, hidden, ...monthSpan(month)).count();
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
    const [visible, hidden] = await Promise.all([monthCount(db, month, 0), monthCount(db, month, 1)]);
    const count = visible + hidden;
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
  return (await shownKeys(db, includePrivate, ...monthSpan(month))).reverse();
}

/**
 * `count` keys of one month from position `from` (newest first): what a screenful of it shows.
 * With one visibility level shown, the cursor skips to `from` inside IndexedDB (`advance`) and
 * reads only those keys: reading a whole month's keys on every step of a scroll through a million
 * photos was most of the page's work (Dexie's key cursor, traced). With private photos shown,
 * the two levels' keys are merged, so the whole month is read.
 */
export async function keysInMonth(db: ShoeboxDb, month: number, from: number, count: number, includePrivate = false): Promise<TimelineKey[]> {
  const [level, ...more] = shownLevels(includePrivate);
  if (level === undefined || more.length) return (await keysOfMonth(db, month, includePrivate)).slice(from, from + count);
  const keys = (await byVisibility(db, level, ...monthSpan(month)).reverse().offset(from).limit(count).keys()) as unknown as [number, number, string][];
  return keys.map(([, takenAt, id]): TimelineKey => [takenAt, id]);
}

/** Photos from `first` to `last` inclusive (newest first), read through the compound index. */
export async function photosBetween(db: ShoeboxDb, first: TimelineKey, last: TimelineKey): Promise<PhotoRow[]> {
  return db.photos.where('[takenAt+id]').between(last, first, true, true).reverse().toArray();
}

/** The photo before (`-1`, newer) or after (`1`, older) `key` in the timeline, by one indexed read. */
export async function neighbour(db: ShoeboxDb, key: TimelineKey, step: 1 | -1, includePrivate = false): Promise<TimelineKey | undefined> {
  const index = db.photos.where('[hidden+takenAt+id]');
  // One indexed read per level shown; the nearest of them is the neighbour.
  const found = await Promise.all(shownLevels(includePrivate).map(async (h): Promise<PhotoRow | undefined> => {
    const at = [h, ...key];
    // ±Infinity bound the dates (valid keys in every engine, unlike a nested maxKey).
    return step === 1
      ? index.between([h, -Infinity, Dexie.minKey], at, true, false).last()
      : index.between(at, [h, Infinity, Dexie.maxKey], false, true).first();
  }));
  const keys = found.flatMap((row): TimelineKey[] => (row ? [[row.takenAt, row.id]] : [])).sort(byKey);
  return step === 1 ? keys[keys.length - 1] : keys[0];
}

/** Rebuild every bucket (a repair tool): one pass over the index keys. */
export async function rebuildMonths(db: ShoeboxDb): Promise<void> {
  await rebuildMonthsIn(db.photos, db.months);
}

/** Rebuild every bucket from these tables (the v11 upgrade runs it on its own transaction). */
export async function rebuildMonthsIn(photos: ShoeboxDb['photos'], months: ShoeboxDb['months']): Promise<void> {
  const counts = new Map<number, { count: number; visible: number }>();
  await photos.orderBy('[hidden+takenAt+id]').eachKey((key) => {
    const [hidden, takenAt] = key as unknown as [number, number];
    if (hidden >= 2) return; // folded or archived
    const bucket = counts.get(monthOf(takenAt)) ?? { count: 0, visible: 0 };
    bucket.count++;
    if (!hidden) bucket.visible++;
    counts.set(monthOf(takenAt), bucket);
  });
  await months.clear();
  await months.bulkPut([...counts].map(([month, c]) => ({ month, ...c })));
}
