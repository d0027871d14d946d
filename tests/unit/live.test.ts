import 'fake-indexeddb/auto';
import Dexie, { type ObservabilitySet, type Table } from 'dexie';
import { afterEach, expect, it, vi } from 'vitest';
import { observe, onCatalogueChange, onlyTables } from '../../src/catalog/live';

class Counts extends Dexie {
  rows!: Table<{ id: number }, number>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ rows: 'id' });
  }
}

afterEach(() => vi.restoreAllMocks());

/** The values `observe` delivers, and a promise of the next one. */
function watch(db: Counts, throttleMs: number) {
  const values: number[] = [];
  let arrived: () => void = () => undefined;
  let next = new Promise<void>((resolve) => (arrived = resolve));
  const stop = observe(() => db.rows.count(), (n) => {
    values.push(n);
    arrived();
    next = new Promise<void>((resolve) => (arrived = resolve));
  }, throttleMs);
  return { values, stop, next: () => next };
}

it('delivers the first value at once, however young the page, then at most once per throttle', async () => {
  const db = new Counts('live-first');
  await db.rows.bulkAdd([{ id: 1 }, { id: 2 }]);
  // A page 100 ms old: the throttle was counted from the page's start, so a library opened in its
  // first 750 ms showed its month counts only at 750 ms (a million photos: 0.4 s of the open).
  vi.spyOn(performance, 'now').mockReturnValue(100);
  const live = watch(db, 10_000);
  const first = live.next();
  const late = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 2000));
  expect(await Promise.race([first.then(() => 'at once' as const), late])).toBe('at once');
  expect(live.values).toEqual([2]);

  // A change inside the throttle window waits for it (the next test sees it delivered after).
  vi.spyOn(performance, 'now').mockReturnValue(200);
  const second = live.next();
  await db.rows.add({ id: 3 });
  expect(await Promise.race([second.then(() => 'at once' as const), new Promise<'held'>((resolve) => setTimeout(() => resolve('held'), 300))])).toBe('held');
  live.stop();
  db.close();
});

it('delivers a change after the throttle window', async () => {
  const db = new Counts('live-later');
  const live = watch(db, 50);
  await live.next();
  expect(live.values).toEqual([0]);
  const next = live.next();
  await db.rows.add({ id: 1 });
  await next;
  expect(live.values).toEqual([0, 1]);
  live.stop();
  db.close();
});

it('delivers a held value at once when flushed, and the next one at once when none was held', async () => {
  const db = new Counts('live-flush');
  const live = watch(db, 60_000);
  await live.next();
  const held = live.next();
  await db.rows.add({ id: 1 });
  // Held by the minute's throttle (a hundred ms is ample for the query to have answered).
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(live.values).toEqual([0]);
  live.stop.flush();
  await held;
  expect(live.values).toEqual([0, 1]);

  // Nothing held: the flush lets the next value through without the throttle's wait.
  live.stop.flush();
  const next = live.next();
  await db.rows.add({ id: 2 });
  const late = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 2000));
  expect(await Promise.race([next.then(() => 'at once' as const), late])).toBe('at once');
  expect(live.values).toEqual([0, 1, 2]);

  // Stopped with a value held: a flush after (a view's flush racing its teardown) delivers nothing.
  await db.rows.add({ id: 3 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  live.stop();
  live.stop.flush();
  expect(live.values).toEqual([0, 1, 2]);
  db.close();
});

it('tells a change of only some tables (the search postings saving themselves) from one of others', async () => {
  class Tables extends Dexie {
    postings!: Table<{ name: string }, string>;
    photoLog!: Table<{ seq?: number }, number>;
    photos!: Table<{ id: string }, string>;
    constructor(name: string) {
      super(name);
      this.version(1).stores({ postings: '&name', photoLog: '++seq', photos: 'id' });
    }
  }
  const db = new Tables('live-tables');
  await db.photoLog.bulkAdd([{}, {}, {}]);
  const seen: ObservabilitySet[] = [];
  const stop = onCatalogueChange((parts) => parts && seen.push(parts));
  const naming = (table: string) => seen.find((parts) => Object.keys(parts).some((part) => part.startsWith(`idb://${db.name}/${table}/`)));
  try {
    // As the postings' save writes: the saved row, and the log below it pruned.
    await db.transaction('rw', db.postings, db.photoLog, async () => {
      await db.postings.bulkPut([{ name: 'photos' }, { name: 'pruned' }]);
      await db.photoLog.where('seq').belowOrEqual(2).delete();
    });
    await vi.waitUntil(() => naming('postings'));
    await db.photos.put({ id: 'p1' });
    await vi.waitUntil(() => naming('photos'));
  } finally {
    stop();
  }
  const save = naming('postings') as ObservabilitySet;
  const photo = naming('photos') as ObservabilitySet;
  expect(onlyTables(db.name, save, ['postings', 'photoLog'])).toBe(true);
  expect(onlyTables(db.name, save, ['postings'])).toBe(false);
  expect(onlyTables(db.name, photo, ['postings', 'photoLog'])).toBe(false);
  // Another database's tables of the same name are not these.
  expect(onlyTables('other', save, ['postings', 'photoLog'])).toBe(false);
});
