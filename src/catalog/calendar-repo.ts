import type { ShoeboxDb } from './db';
import { byKey, monthBuckets, monthSpan, type TimelineKey } from './timeline-repo';
import { byVisibility, shownCount, shownLevels } from './visibility';

/** A month of the calendar: how many photos it shows, and the newest of them as its cover. */
export interface CalendarMonth {
  month: number;
  count: number;
}

export interface CalendarYear {
  year: number;
  count: number;
  /** Newest first, only months with photos. */
  months: CalendarMonth[];
}

/**
 * Years, then months, with their counts, newest first: read from the month counts the timeline
 * keeps (a few hundred rows for a lifetime), never from the photos.
 */
export async function calendarYears(db: ShoeboxDb, includePrivate: boolean): Promise<CalendarYear[]> {
  const years: CalendarYear[] = [];
  for (const bucket of await monthBuckets(db)) {
    const count = shownCount(bucket, includePrivate);
    if (!count) continue;
    const year = Math.floor(bucket.month / 12);
    let last = years[years.length - 1];
    if (last?.year !== year) years.push((last = { year, count: 0, months: [] }));
    last.count += count;
    last.months.push({ month: bucket.month, count });
  }
  return years;
}

/** The newest photo shown in each month (its cover): one indexed read per month and level. */
export async function monthCovers(db: ShoeboxDb, months: readonly number[], includePrivate: boolean): Promise<Map<number, TimelineKey>> {
  const covers = await Promise.all(months.map(async (month) => {
    const found = await Promise.all(shownLevels(includePrivate).map((h) => byVisibility(db, h, ...monthSpan(month)).last()));
    const newest = found.reduce((a, b) => (!b ? a : !a || b.takenAt > a.takenAt || (b.takenAt === a.takenAt && b.id > a.id) ? b : a), undefined);
    return newest ? ([month, [newest.takenAt, newest.id]] as [number, TimelineKey]) : undefined;
  }));
  return new Map(covers.filter((c) => c !== undefined));
}

/** Photos of one earlier year taken within a few days of today's date. */
export interface Memory {
  year: number;
  /** How many photos the days hold, as shown. */
  count: number;
  /** The newest of them (up to the number asked for), timeline keys newest first. */
  keys: TimelineKey[];
  /** The days searched, inclusive, as ISO dates (for "see all" as a search). */
  from: string;
  to: string;
}

const DAY = 86_400_000;
const iso = (at: number) => new Date(at).toISOString().slice(0, 10);

/** What `onThisDay` reads: the days either side of today, and the newest photos of how many years. */
export interface MemoryReads {
  /** Days either side of today's calendar day (3: a week). */
  days?: number;
  /** The newest photos read of each year, at most. */
  newest?: number;
  /** The newest years with photos whose keys are read; older ones are counted only (keys empty). */
  years?: number;
}

/**
 * "On this day": for every earlier year with photos, those taken within `days` of today's
 * calendar day (taken-at times are wall-clock, so today is the person's local date): how many,
 * and the newest `newest` of them for the newest `years` years. Computed when asked — when the
 * app opens — from indexed ranges per year (counted, then the newest few keys read), so photos
 * added late count. Reading every key of the ranges instead was about 19,000 keys at a million
 * photos, each recorded by the live query that asks, whenever the library view opened (the
 * bench's search rounds, profiled); reading the newest keys of every year too, a century's at a
 * million photos, was about 1,500 requests as the library opened (README, session 42).
 */
export function onThisDay(db: ShoeboxDb, today: Date, includePrivate: boolean, { days = 3, newest = Infinity, years = Infinity }: MemoryReads = {}): Promise<Memory[]> {
  // One transaction for every year's reads (a century of years at a million photos): each read's
  // own transaction was ~200 of the ~600 ms profiled in them over 20 openings.
  return db.transaction('r', [db.photos, db.months], () => memoriesOf(db, today, includePrivate, { days, newest, years }));
}

async function memoriesOf(db: ShoeboxDb, today: Date, includePrivate: boolean, { days, newest, years }: Required<MemoryReads>): Promise<Memory[]> {
  const thisYear = today.getFullYear();
  const withPhotos = [...new Set((await monthBuckets(db)).filter((b) => shownCount(b, includePrivate) > 0).map((b) => Math.floor(b.month / 12)))]
    .filter((y) => y < thisYear)
    .sort((a, b) => b - a);
  const levels = shownLevels(includePrivate);
  const counted = await Promise.all(withPhotos.map(async (year) => {
    // Date.UTC takes day overflow (June 31 is July 1), and 29 February in a common year is 1 March.
    const day = Date.UTC(year, today.getMonth(), today.getDate());
    const from = day - days * DAY;
    const to = day + (days + 1) * DAY - 1;
    const counts = await Promise.all(levels.map((h) => byVisibility(db, h, from, to).count()));
    const memory: Memory = { year, count: counts.reduce((a, b) => a + b, 0), keys: [], from: iso(from), to: iso(to) };
    return { memory, from, to };
  }));
  const found = counted.filter(({ memory }) => memory.count > 0);
  // The newest keys of the years asked for, newest year first.
  await Promise.all(found.slice(0, years).map(async ({ memory, from, to }) => {
    // A range apiece: Dexie's reverse() and limit() change the collection they are called on.
    const lists = await Promise.all(levels.map((h) => {
      const range = byVisibility(db, h, from, to);
      return (newest === Infinity ? range : range.reverse().limit(newest)).keys() as unknown as Promise<[number, number, string][]>;
    }));
    memory.keys = lists.flat().map(([, takenAt, id]): TimelineKey => [takenAt, id]).sort((a, b) => byKey(b, a)).slice(0, newest);
  }));
  return found.map(({ memory }) => memory);
}
