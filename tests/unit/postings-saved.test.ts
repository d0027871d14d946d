import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShoeboxDb } from '../../src/catalog/db';
import { onCatalogueChange } from '../../src/catalog/live';
import { inTimelineOrder, PhotoPostings } from '../../src/catalog/postings';
import { Numbering } from '../../src/catalog/numbering';
import { orderIds } from './catalog-factories';
import type { PhotoRow, PostingsRow } from '../../src/catalog/types';
import { monthOf, shownKeys } from '../../src/catalog/timeline-repo';
import { shownLevels } from '../../src/catalog/visibility';

let db: ShoeboxDb;
let n = 0;
const stops: (() => void)[] = [];
beforeEach(async () => {
  db = new ShoeboxDb(`postings-saved-${++n}`);
  await db.open();
});
afterEach(async () => {
  stops.splice(0).forEach((stop) => stop());
  db.close();
  await db.delete();
});

const LABELS = ['cat', 'dog', 'car', 'cake', 'boat'];
const COLORS = ['red', 'blue', 'green'];
const photo = (id: string, labels: string[], colors: string[] = [], takenAt = Date.UTC(2020, 0, 1), isPrivate = false) =>
  ({ id, labels, categories: labels.map((l) => (l === 'car' || l === 'boat' ? 'vehicle' : 'other')), colors, takenAt, private: isPrivate }) as unknown as PhotoRow;

/** A search worker's postings: they follow the catalogue's change events, as search-api.ts wires them. */
function worker(): PhotoPostings {
  const postings = new PhotoPostings(db);
  stops.push(onCatalogueChange((parts) => postings.changed(parts)));
  return postings;
}

/** Every key's photos, sorted: what a search can ask the postings for. */
async function contents(postings: PhotoPostings): Promise<Record<string, string[]>> {
  await postings.current();
  const out: Record<string, string[]> = {};
  for (const l of LABELS) out[`labels:${l}`] = postings.lookup('labels', l).sort();
  for (const c of ['vehicle', 'other']) out[`categories:${c}`] = postings.lookup('categories', c).sort();
  for (const c of COLORS) out[`colors:${c}`] = postings.lookup('colors', c).sort();
  out.count = [String(postings.count)];
  for (const includePrivate of [false, true]) {
    const order = postings.order(shownLevels(includePrivate));
    out[`order:${includePrivate}`] = orderIds(order).map((id, i) => `${id}@${order.taken[i]}@${order.months[i]}`);
    // Positions through the photos' numbers: each id where it stands, an unknown one nowhere.
    out[`misplaced:${includePrivate}`] = [...orderIds(order), 'nobody'].filter((id, i) => order.positionOf(id) !== (id === 'nobody' ? -1 : i));
  }
  return out;
}

/** The timeline's order as IndexedDB's index gives it, in the form `contents` gives the postings' one. */
async function indexOrder(includePrivate: boolean): Promise<string[]> {
  return (await shownKeys(db, includePrivate)).map(([at, id]) => `${id}@${at}@${monthOf(at)}`);
}

/** What postings read from scratch (every photo) hold now: the truth to compare with. */
async function truth(): Promise<Record<string, string[]>> {
  const fresh = new PhotoPostings(db);
  await fresh.build();
  return contents(fresh);
}

/** Reading every photo fails: postings that load must not need to. */
function forbidFullReads(): () => void {
  const { orderBy } = db.photos;
  db.photos.orderBy = (() => {
    throw new Error('read every photo');
  }) as typeof db.photos.orderBy;
  return () => void (db.photos.orderBy = orderBy);
}

type PostingsOf = Extract<PostingsRow, { name: 'photos' }>;
/** The saved postings' row. */
const savedRow = async () => (await db.postings.get('photos')) as PostingsOf | undefined;
const logged = async () => (await db.photoLog.toArray()).map((row) => row.id);

describe('the photos change log', () => {
  it('names every photo written or deleted, in the same transaction, and a range as *', async () => {
    await db.photos.put(photo('a', ['cat']));
    await db.photos.bulkPut([photo('b', []), photo('c', [])]);
    await db.photos.add(photo('d', []));
    await db.photos.update('a', { labels: ['dog'] });
    await db.photos.where('id').equals('b').modify({ rating: 3 });
    await db.photos.delete('c');
    await db.photos.bulkDelete(['d']);
    expect(await logged()).toEqual(['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd']);
    await db.photos.where('id').between('a', 'b', true, true).delete();
    await db.photos.clear();
    expect((await logged()).slice(8).every((id) => id === '*' || id === 'a' || id === 'b')).toBe(true);
    expect(await logged()).toContain('*');

    // Written in a transaction that names only photos: the log is written with it, or not at all.
    await expect(db.transaction('rw', db.photos, async () => {
      await db.photos.put(photo('e', []));
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await db.photos.get('e')).toBeUndefined();
    expect(await logged()).not.toContain('e');
    await db.transaction('rw', db.photos, () => db.photos.put(photo('e', [])));
    expect((await logged()).at(-1)).toBe('e');
  });
});

describe('saved postings', () => {
  it('are loaded by a reopened worker without reading every photo, with the changes made while it was closed', async () => {
    await db.photos.bulkPut([photo('a', ['cat'], ['red']), photo('b', ['cat', 'dog']), photo('c', ['car'], ['blue'])]);
    const first = worker();
    await first.build();
    expect(first.unsaved).toBe(true);
    expect(await first.save()).toBe(true);
    expect(await db.photoLog.count()).toBe(0); // pruned up to what was saved
    expect(first.unsaved).toBe(false);

    // The app closed; then another tab changed photos.
    await db.photos.update('a', { labels: ['dog'] });
    await db.photos.delete('b');
    await db.photos.put(photo('d', ['boat', 'cat'], ['green']));

    const allow = forbidFullReads();
    const reopened = worker();
    try {
      await reopened.build();
    } finally {
      allow();
    }
    expect(await contents(reopened)).toEqual(await truth());
    expect(reopened.lookup('labels', 'cat')).toEqual(['d']);
    // Changes after loading take photos out of lists they were loaded in.
    await db.photos.update('d', { labels: ['cake'] });
    await db.photos.delete('c');
    expect(await contents(reopened)).toEqual(await truth());
    expect(reopened.lookup('labels', 'car')).toEqual([]);
  });

  it('loaded, map ids to numbers in slices, or at once when asked before the map is whole', async () => {
    // As the worker's warm-up does, through the order's numbering.
    const mapIdsAhead = (postings: PhotoPostings, count: number) => postings.order(shownLevels(false)).ids.numbered?.numbering.mapAhead(count);
    await db.photos.bulkPut(Array.from({ length: 10 }, (_, i) => photo(`p${i}`, [LABELS[i % 5] as string], [], Date.UTC(2020, 0, 1 + i))));
    const first = worker();
    await first.build();
    await first.save();
    const expected = await truth();
    const sliced = worker();
    await sliced.loadSaved();
    const slices = [mapIdsAhead(sliced, 3), mapIdsAhead(sliced, 3), mapIdsAhead(sliced, 3), mapIdsAhead(sliced, 3)];
    expect(slices).toEqual([false, false, false, true]);
    expect(await contents(sliced)).toEqual(expected);
    const asked = worker();
    await asked.loadSaved();
    expect(mapIdsAhead(asked, 4)).toBe(false);
    expect(await contents(asked)).toEqual(expected);
    expect(mapIdsAhead(asked, 4)).toBe(true);
  });

  it('loaded, follow changes to photos one by one, before and after every photo’s keys are worked out', async () => {
    await db.photos.bulkPut(Array.from({ length: 100 }, (_, i) => photo(`p${i}`, [LABELS[i % 5] as string], [COLORS[i % 3] as string])));
    const first = worker();
    await first.build();
    await first.save();
    const postings = worker();
    const allowed = forbidFullReads();
    expect(await postings.loadSaved()).toBe(true);
    allowed();
    // The first 64 changed photos' keys are found in the lists, then every photo's are worked out.
    for (let i = 0; i < 100; i++) {
      await db.photos.put(photo(`p${i}`, [LABELS[(i + 1) % 5] as string], i % 2 ? [] : ['green']));
      if (i % 7 === 0) await db.photos.delete(`p${99 - i}`);
      if (i === 10 || i === 63 || i === 70 || i === 99) expect(await contents(postings), `after ${i + 1} changes`).toEqual(await truth());
    }
  });

  it('stay true through random changes, saves and reopenings (against reading everything again)', async () => {
    let seed = 7;
    const random = (k: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % k;
    const pick = (list: string[]) => list.filter(() => random(3) === 0);
    let postings = worker();
    await postings.build();
    for (let round = 0; round < 12; round++) {
      // An order made before the round's changes (a search under way holds one): where it says
      // its photos stand stays true, but for those deleted since, and it finds none numbered after.
      const before = postings.order(shownLevels(true));
      const deleted = new Set<string>();
      for (let step = 0; step < 15; step++) {
        const id = `p${random(20)}`;
        const what = random(10);
        // Taken on one of a few days (ties are ordered by id), some private, some with no date.
        const taken = [Date.UTC(2020, 0, 1), Date.UTC(2020, 5, 3), Date.UTC(2019, 11, 31, 23), NaN][random(4)] as number;
        if (what < 6) await db.photos.put(photo(id, pick(LABELS), pick(COLORS), taken, random(4) === 0));
        else if (what < 8) {
          await db.photos.delete(id);
          deleted.add(id);
        } else if (what < 9) await db.photos.update(id, { colors: pick(COLORS) });
        else await db.photos.bulkPut([photo(`q${random(5)}`, pick(LABELS)), photo(id, pick(LABELS))]);
      }
      if (round === 9) await db.photos.where('id').startsWith('q').delete(); // a range: read again
      const now = await contents(postings);
      if (round === 9) for (const id of orderIds(before)) if (id.startsWith('q')) deleted.add(id);
      const present = new Set((await db.photos.toCollection().primaryKeys()) as string[]);
      // Deleted and put back: numbered anew only if the postings saw it gone in between.
      const added = [...present].filter((id) => !orderIds(before).includes(id));
      const wrong = [...orderIds(before), ...added, 'p-new'].filter((id, i) => {
        const at = before.positionOf(id);
        if (i >= before.ids.length || !present.has(id)) return at !== -1;
        return deleted.has(id) ? at !== i && at !== -1 : at !== i;
      });
      expect(wrong, `round ${round}`).toEqual([]);
      expect(now, `round ${round}`).toEqual(await truth());
      expect(now['order:false'], `round ${round}`).toEqual(await indexOrder(false));
      expect(now['order:true'], `round ${round}`).toEqual(await indexOrder(true));
      if (random(2)) await postings.save();
      if (random(2)) {
        postings = worker();
        await postings.build();
        expect(await contents(postings), `reopened, round ${round}`).toEqual(await truth());
      }
    }
  });

  it("keep the timeline's orders: a reopened worker does not sort again, and an order that does not fit is made again", async () => {
    const day = Date.UTC(2021, 4, 2);
    // Ties (the same moment: ordered by id), a private photo, one without a date.
    await db.photos.bulkPut([photo('b', ['cat'], [], day), photo('a', ['dog'], [], day), photo('c', ['cat'], [], day - 1), photo('p', ['cat'], [], day + 5, true), photo('n', ['car'], [], NaN)]);
    const first = worker();
    await first.build();
    const made = await contents(first);
    expect(first.sorts).toBe(2);
    await first.save();
    const row = (await savedRow()) as PostingsOf;
    expect(row.orders?.map((o) => o.levels).sort()).toEqual([shownLevels(false).join(), shownLevels(true).join()].sort());

    const reopened = worker();
    await reopened.build();
    expect(await contents(reopened)).toEqual(made);
    expect(made).toEqual(await truth());
    expect(reopened.sorts).toBe(0);
    // Saved orders that do not fit the postings saved beside them are not used.
    const slots = async (levels: string) => new Uint32Array(await (row.orders?.find((o) => o.levels === levels)?.slots as Blob).arrayBuffer());
    const shown = shownLevels(false).join();
    const good = await slots(shown);
    const swapped = Uint32Array.from(good);
    [swapped[0], swapped[1]] = [good[1] as number, good[0] as number];
    const unfit = [swapped, good.subarray(1), Uint32Array.of(...good, 0), Uint32Array.of(...good.subarray(1), 99), await slots(shownLevels(true).join()), new Uint8Array(good.buffer, 0, 5)];
    for (const wrong of unfit) {
      await db.postings.put({ ...row, orders: [{ levels: shown, slots: new Blob([wrong.slice()]) }, { levels: 'nonsense', slots: new Blob([good]) }] });
      const loaded = worker();
      // Only the order is made again: the postings beside it load.
      const allow = forbidFullReads();
      await loaded.build().finally(allow);
      expect(orderIds(loaded.order(shownLevels(false)))).toEqual(orderIds(first.order(shownLevels(false))));
      expect(loaded.sorts).toBe(1);
    }
    // A change since: the order is made again, with it.
    await db.photos.put(photo('d', ['cat'], [], day));
    expect(await contents(reopened)).toEqual(await truth());
    expect(reopened.sorts).toBe(2);
  });

  it('are not saved over newer ones, and a worker whose log was pruned by another reads everything again', async () => {
    await db.photos.bulkPut([photo('a', ['cat']), photo('b', ['dog'])]);
    const tabA = worker();
    const tabB = worker();
    await Promise.all([tabA.build(), tabB.build()]);
    await db.photos.put(photo('c', ['cat']));
    await tabA.current();
    expect(await tabA.save()).toBe(true);
    // Tab B never read the log row of c, which tab A's save pruned.
    expect(await db.photoLog.count()).toBe(0);
    expect(tabB.lookup('labels', 'cat')).toEqual(['a']);
    expect(await contents(tabB)).toEqual(await truth());
    expect(tabB.lookup('labels', 'cat').sort()).toEqual(['a', 'c']);

    // B's postings answer for an older position than the saved ones: its save writes nothing.
    const savedBefore = await savedRow();
    await db.photos.put(photo('d', ['dog']));
    await tabA.current();
    expect(await tabA.save()).toBe(true);
    expect(await tabB.save()).toBe(false);
    expect((await savedRow())?.seq).toBeGreaterThan(savedBefore?.seq ?? Infinity);
    const tabC = worker();
    await tabC.build();
    expect(await contents(tabC)).toEqual(await truth());
    expect(tabC.lookup('labels', 'dog').sort()).toEqual(['b', 'd']);
  });

  it('are read again from the photos when made at another schema version, or when photos changed unlogged', async () => {
    await db.photos.bulkPut([photo('a', ['cat']), photo('b', ['dog'])]);
    const first = worker();
    await first.build();
    await first.save();

    // Another schema version's: not used (an upgrade may rewrite photos without logging them).
    const saved = await savedRow();
    await db.postings.put({ ...(saved as PostingsOf), verno: db.verno - 1 });
    let allow = forbidFullReads();
    await expect(worker().build()).rejects.toThrow('read every photo');
    allow();
    // Ids that do not match the times saved beside them (an id with a newline, a damaged row).
    await db.postings.put({ ...(saved as PostingsOf), ids: new Blob(['a\nb\nc\n']) });
    allow = forbidFullReads();
    await expect(worker().build()).rejects.toThrow('read every photo');
    allow();
    await db.postings.put(saved as PostingsOf);
    const allowed = forbidFullReads();
    await worker().build();
    allowed();

    // A photo written around the app (a test's synthetic library): the count tells.
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(db.name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = raw.transaction('photos', 'readwrite');
      tx.objectStore('photos').put({ ...photo('z', ['cat']), terms: [], hidden: 0 });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    raw.close();
    allow = forbidFullReads();
    await expect(worker().build()).rejects.toThrow('read every photo');
    allow();
    const reopened = worker();
    await reopened.build();
    expect(reopened.lookup('labels', 'cat').sort()).toEqual(['a', 'z']);
  });
});

describe("the postings' timeline order", () => {
  it('is by time taken then id, as one sort with a comparator puts it, ties, -0 and times before 1970 included', () => {
    let seed = 11;
    const random = (k: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % k;
    const n = 5000;
    const ids = Array.from({ length: n }, (_, i) => (i % 97 === 0 ? undefined : `${(random(1e6) * 7919).toString(16)}-${i}`));
    // Few distinct times (many ties), some of them negative, one -0.
    const times = [-86_400_000 * 365 * 30, -1, -0, 0, 1, Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 1, 0, 0, 0, 1)];
    const taken = Array.from({ length: n }, () => (random(3) ? (times[random(times.length)] as number) : random(1e9) * 1000.5));
    const slots = Uint32Array.from({ length: n }, (_, i) => i).filter((i) => ids[i] !== undefined && random(5) > 0);
    const expected = [...slots].sort((a, b) => (taken[a] as number) - (taken[b] as number) || ((ids[a] as string) < (ids[b] as string) ? -1 : 1));
    // The ids as the postings number them: bytes, gone ones empty lines.
    const numbering = new Numbering(new TextEncoder().encode(ids.map((id) => `${id ?? ''}\n`).join('')));
    const byId = (a: number, b: number) => numbering.compare(a, b);
    expect([...inTimelineOrder(slots, taken, byId)]).toEqual(expected);
    expect([...inTimelineOrder(new Uint32Array(0), taken, byId)]).toEqual([]);
  });
});
