import Dexie, { type ObservabilitySet } from 'dexie';
import type { ShoeboxDb } from './db';
import { monthOf, shownKeys, type MonthBucket } from './timeline-repo';
import { peopleNamed, photoIdsOfPeople } from './face-repo';
import { archivedLevels, byVisibility, shownCount, shownLevels } from './visibility';
import { withinLongitudes } from './place-repo';
import { fold } from './terms';
import { NAMES_READ, namesStartingWith, TERM_OF, type CountedName, type NameKind } from './suggest-repo';
import type { PhotoPostings, PostedIndex } from './postings';
import { Numbering, numberedIds, type OrderIds } from './numbering';

/**
 * What the search planner (src/search/planner.ts) may ask of the catalogue: photo ids by index,
 * never rows, and the timeline's order. Every read is an index read (`filename:`'s substring
 * excepted); the photos' multiEntry indexes come from the search worker's postings in memory
 * once they are built (postings.ts).
 */
export interface CatalogueReads {
  /** Bring what is kept in memory up to every change seen so far (before a search). */
  current(): Promise<void>;
  /** Photos with any of these values in one of the photos' multiEntry indexes. */
  photosWith(index: PostedIndex, values: readonly string[]): Promise<Found>;
  /** Photos with a `terms` entry in this range (`duration:` entries sort as numbers). */
  photosWithTermsBetween(from: string, to: string, withFrom: boolean, withTo: boolean): Promise<string[]>;
  /** Photos of the files in a folder (`Family/2019`, or a path inside any folder). */
  photosInFolder(folder: string): Promise<string[]>;
  /** Photos of the files found by this name as typed, or by all these words in one file's path. */
  photosOfFilesNamed(whole: string, words: readonly string[]): Promise<string[]>;
  /** Photos of the files whose names contain this text: reads every file row. */
  photosOfFilesContaining(text: string): Promise<string[]>;
  /** Photos within `km` of a point. */
  photosNear(lat: number, lng: number, km: number): Promise<string[]>;
  /** Photos taken inside a box of latitudes and longitudes (west > east: across the antimeridian). */
  photosInArea(south: number, west: number, north: number, east: number): Promise<string[]>;
  /** Photos of the people called this. */
  photosOfPeopleNamed(name: string): Promise<string[]>;
  /** Photos the person (or the NSFW rule) made private. */
  privatePhotos(): Promise<string[]>;
  /** Photos the person archived (both levels: private or not). */
  archivedPhotos(): Promise<string[]>;
  /** The timeline's photos in order (oldest first) with their months and times; the archive's with `archived`. */
  timeline(includePrivate: boolean, archived?: boolean): Promise<TimelineOrder>;
  /** Where each photo number of the postings stands in this order (-1: not in it); kept with the order. */
  slotPositions(order: TimelineOrder): Int32Array;
  /** Names of a kind (labels, people, cameras…) starting with a folded prefix, with their photo counts as shown. */
  namesStartingWith(kind: NameKind, prefix: string, includePrivate: boolean): Promise<CountedName[]>;
}

/** What searches know of the timeline: its photos in order (oldest first), with their months and times. */
export interface TimelineOrder {
  /** Kept as bytes (numbering.ts: the postings' photo numbers, or `keptIds`). */
  ids: OrderIds;
  months: ArrayLike<number>;
  taken: ArrayLike<number>;
  /** Where a photo stands in `ids` (-1: not there), through the ids' table of numbers. */
  positionOf(id: string): number;
  /** Each postings photo number's position in `ids` (see `slotPositions`), once asked for. */
  slotPositions?: Int32Array;
}

/**
 * Photos a read found: by id (reads of IndexedDB), or by their numbers in the postings held in
 * memory (postings.ts), which the planner places in the timeline's order without a lookup by id.
 */
export interface Found {
  ids: readonly string[];
  slots: readonly Uint32Array[];
}

export const foundIds = (ids: readonly string[]): Found => ({ ids, slots: [] });

/**
 * An order's ids as read from IndexedDB, kept as bytes (numbering.ts) with where each stands: the
 * strings read are left to the garbage collector at once instead of living as long as the order
 * (at a million photos, a million strings and a map of them, which every full collection of the
 * search worker walked, and which left as much garbage when the postings' order replaced them).
 */
export function keptIds(ids: readonly string[]): Pick<TimelineOrder, 'ids' | 'positionOf'> {
  const numbering = new Numbering(new TextEncoder().encode(ids.length ? `${ids.join('\n')}\n` : ''));
  const positions = Uint32Array.from({ length: ids.length }, (_, i) => i);
  return { ids: numberedIds(numbering, positions), positionOf: (id) => numbering.slotOf(id) ?? -1 };
}

/** Photos of files, by their content hash. */
const photosOfFiles = (files: ({ hash?: string } | undefined)[]) => files.flatMap((f) => (f?.hash ? [f.hash] : []));

/** What every list holds (the search planner's too). */
export function intersect<T>(lists: T[][]): T[] {
  if (!lists.length) return [];
  const [smallest, ...rest] = lists.map((l) => new Set(l)).sort((a, b) => a.size - b.size) as [Set<T>, ...Set<T>[]];
  return [...smallest].filter((id) => rest.every((s) => s.has(id)));
}

const EARTH_KM = 6371;
/** Great-circle distance in km (haversine). */
export function distanceKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Reads that keep what they read until told the catalogue changed (the search worker's). */
export interface KeptReads extends CatalogueReads {
  /** Take note of a catalogue change (Dexie's `storagemutated` parts; none: anything may have changed). */
  changed(parts?: ObservabilitySet): void;
  /** Read ahead what searches will want: the timeline's order and the photos of every named person. */
  warm(): Promise<void>;
  /**
   * Read the distinct words of the files' paths (see `fileWords`): at 100,000 files, hundreds of
   * thousands of keys, so the search worker reads them after the postings.
   */
  warmFileWords(): Promise<void>;
}


/** How long files stay unchanged before their words are read again (see `fileWords`). */
const FILE_WORDS_QUIET_MS = 3000;

/** Photos whose GPS latitude is in [south, north] and that `keep` keeps: keys of the `[gps.lat+gps.lng]` index only. */
async function photosInBand(db: ShoeboxDb, south: number, north: number, keep: (lat: number, lng: number) => boolean): Promise<string[]> {
  const found: string[] = [];
  await db.photos
    .where('[gps.lat+gps.lng]')
    .between([south, Dexie.minKey], [north, Dexie.maxKey], true, true)
    .eachKey((key, cursor) => {
      const [lat, lng] = key as unknown as [number, number];
      if (keep(lat, lng)) found.push(cursor.primaryKey as string);
    });
  return found;
}

/**
 * The catalogue's reads for search. A search worker passes its postings and keeps one of these,
 * telling it of every change: it then keeps the timeline's order and the named people's photos
 * until the tables they come from change. Without postings (tests, the page) it keeps the order
 * only while the month counts stay the same (one read of them per search), and people not at all.
 */
export function catalogueReads(db: ShoeboxDb, postings?: PhotoPostings): KeptReads {
  const follows = postings !== undefined;
  const orders = new Map<string, TimelineOrder & { stamp: string }>();
  /**
   * Orders being read (in the worker): a search arriving while warm() reads the order waits for
   * that read instead of making its own. A change drops them, and a read that a change overtook
   * is not kept (`generation`).
   */
  const reading = new Map<string, Promise<TimelineOrder & { stamp: string }>>();
  let generation = 0;
  let people: Map<string, Promise<string[]>> | undefined;
  /**
   * Every word of the files' paths (the distinct keys of `files.words`), in the worker: a typed
   * word that no file's path has needs no read (a transaction per word was about 5 ms of every
   * plain-word search, traced at 100,000 photos). Dropped when files change, and read again once
   * they have been quiet for `FILE_WORDS_QUIET_MS` (an import changes them all the time): until
   * then every word is read.
   */
  let fileWords: Set<string> | undefined;
  let fileWordsRound = 0;
  let fileWordsTimer: ReturnType<typeof setTimeout> | undefined;
  const readFileWords = async () => {
    const round = ++fileWordsRound;
    const words = new Set((await db.files.orderBy('words').uniqueKeys()) as string[]);
    if (round === fileWordsRound) fileWords = words;
  };
  /** Every person's name key (kept with `people`): a word that names nobody needs no read. */
  let names: Promise<Set<string>> | undefined;
  const nameKeys = () => (names ??= db.people.orderBy('nameKey').uniqueKeys().then((keys) => new Set(keys as string[])));
  const stampOf = (rows: MonthBucket[]) => rows.map((b) => `${b.month}:${b.count}:${b.visible}`).join(',');
  const primaryKeys = (collection: { primaryKeys(): Promise<unknown[]> }) => collection.primaryKeys() as Promise<string[]>;
  // Made again when the postings have numbered photos since: an order read from IndexedDB before
  // its photos' change events were applied holds photos the table would otherwise miss.
  const slotPositions = (order: TimelineOrder) => {
    if (!postings) return new Int32Array(0);
    if (order.slotPositions?.length !== postings.numbers) order.slotPositions = postings.positionsOf(order.ids);
    return order.slotPositions;
  };
  const tablesOf = (parts: ObservabilitySet) => new Set(Object.keys(parts).map((part) => part.slice(`idb://${db.name}/`.length).split('/')[0]));
  /** The archive's photos in order (oldest first): `archived:true` searches them, not the timeline. */
  const archiveOrder = async (includePrivate: boolean): Promise<TimelineOrder> => {
    const key = `archive:${includePrivate}`;
    const levels = archivedLevels(includePrivate);
    const count = async () => (await Promise.all(levels.map((h) => byVisibility(db, h).count()))).reduce((a, b) => a + b, 0);
    const kept = orders.get(key);
    if (kept && (follows || kept.stamp === String(await count()))) return kept;
    const fresh = await db.transaction('r', [db.photos], async () => {
      const lists = await Promise.all(levels.map((h) => byVisibility(db, h).keys() as unknown as Promise<[number, number, string][]>));
      const keys = lists.flat().sort((a, b) => a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
      const taken = Float64Array.from(keys, (k) => k[1]);
      return { stamp: String(keys.length), ...keptIds(keys.map((k) => k[2])), taken, months: Int32Array.from(taken, monthOf) };
    });
    orders.set(key, fresh);
    return fresh;
  };
  return {
    changed(parts) {
      const tables = parts ? tablesOf(parts) : undefined;
      if (!tables || tables.has('photos') || tables.has('months')) {
        orders.clear();
        reading.clear();
        generation++;
      }
      if (follows && (!tables || tables.has('files'))) {
        fileWords = undefined;
        fileWordsRound++;
        clearTimeout(fileWordsTimer);
        fileWordsTimer = setTimeout(() => void readFileWords().catch(() => undefined), FILE_WORDS_QUIET_MS);
      }
      if (!tables || tables.has('faces') || tables.has('people')) {
        people = undefined;
        names = undefined;
      }
    },

    async warm() {
      await Promise.all([this.timeline(false), ...[...(await nameKeys())].map((name) => this.photosOfPeopleNamed(name))]);
    },

    async warmFileWords() {
      if (follows && !fileWords) await readFileWords();
    },

    async current() {
      await postings?.current();
    },

    // From the postings when built, as photo numbers; else one key range per value, each read with
    // getAllKeys (Dexie's anyOf() walks a cursor instead, several times slower on large answers).
    async photosWith(index, values) {
      if (postings?.ready) return { ids: [], slots: [...new Set(values)].map((v) => postings.lookupSlots(index, v)) };
      const lists = await Promise.all([...new Set(values)].map((v) => primaryKeys(db.photos.where(index).equals(v))));
      return foundIds(lists.length === 1 ? (lists[0] as string[]) : lists.flat());
    },

    slotPositions,


    photosWithTermsBetween(from, to, withFrom, withTo) {
      return primaryKeys(db.photos.where('terms').between(from, to, withFrom, withTo));
    },

    async photosInFolder(folder) {
      const prefix = folder.replace(/^\/+|\/+$/g, '');
      const reads = [db.files.where('path').startsWithIgnoreCase(`${prefix}/`).toArray()];
      // The folder may be named with its source's name first ("Photos/2019").
      const [first, ...rest] = prefix.split('/');
      const sources = await db.sources.toArray();
      for (const source of sources.filter((s) => fold(s.name) === fold(first ?? ''))) {
        const inner = rest.join('/');
        reads.push(
          inner
            ? db.files.where('path').startsWithIgnoreCase(`${inner}/`).and((f) => f.sourceId === source.id).toArray()
            : db.files.where('[sourceId+status]').between([source.id, Dexie.minKey], [source.id, Dexie.maxKey]).toArray(),
        );
      }
      return photosOfFiles((await Promise.all(reads)).flat());
    },

    // File keys are read and intersected first; only the files found are read, for their photos.
    // Not a read at all when no file's path has the name, nor every one of its words.
    async photosOfFilesNamed(whole, words) {
      const known = fileWords;
      if (known && !known.has(whole) && (!words.length || words.some((w) => !known.has(w)))) return [];
      return db.transaction('r', db.files, async () => {
        const keysWith = (word: string) => db.files.where('words').equals(word).primaryKeys() as Promise<number[]>;
        const [exact, ...each] = await Promise.all([keysWith(whole), ...words.map(keysWith)]);
        const fileIds = new Set(exact);
        for (const id of intersect(each)) fileIds.add(id);
        return photosOfFiles(await db.files.bulkGet([...fileIds]));
      });
    },

    // A substring has no index: the one search that reads every file row (in the search worker).
    async photosOfFilesContaining(text) {
      const needle = fold(text);
      const found: string[] = [];
      await db.files.each((f) => {
        if (f.hash && fold(f.path.slice(f.path.lastIndexOf('/') + 1)).includes(needle)) found.push(f.hash);
      });
      return found;
    },

    // A latitude band of `[gps.lat+gps.lng]` keys, then the distance.
    photosNear(lat, lng, km) {
      const dLat = km / 111.2;
      return photosInBand(db, lat - dLat, lat + dLat, (pLat, pLng) => distanceKm(lat, lng, pLat, pLng) <= km);
    },

    photosInArea(south, west, north, east) {
      const inside = withinLongitudes(west, east);
      return photosInBand(db, south, north, (_, lng) => inside(lng));
    },

    // A name's photos are kept (in the worker) until faces or people change: one read per name.
    photosOfPeopleNamed(name) {
      const read = async () => photoIdsOfPeople(db, await peopleNamed(db, name));
      if (!follows) return read();
      people ??= new Map();
      const key = name.trim().toLowerCase();
      let found = people.get(key);
      if (!found) people.set(key, (found = nameKeys().then((known) => (known.has(key) ? read() : []))));
      found.catch(() => people?.delete(key));
      return found;
    },

    privatePhotos() {
      return primaryKeys(byVisibility(db, 1));
    },

    async archivedPhotos() {
      return (await Promise.all([3, 4].map((h) => primaryKeys(byVisibility(db, h as 3 | 4))))).flat();
    },

    // The index's keys (no rows) and the month counts, in one transaction; kept until photos or
    // months change (in the worker), else while the month counts stay the same.
    async timeline(includePrivate, archived = false) {
      if (archived) return archiveOrder(includePrivate);
      // From the postings once they are there (loaded when saved): reading the index's keys takes
      // a key cursor seconds at 100,000 photos; sorting the postings' dates, tens of milliseconds.
      const loading = postings?.loadingSaved;
      if (loading) await loading;
      if (postings?.ready) {
        // The order read from IndexedDB until they were built is not asked for again.
        orders.delete(String(includePrivate));
        await postings.current();
        return postings.order(shownLevels(includePrivate));
      }
      const key = String(includePrivate);
      const kept = orders.get(key);
      if (kept && (follows || kept.stamp === stampOf(await db.months.orderBy('month').toArray()))) return kept;
      const under = reading.get(key);
      if (under) return under;
      const since = generation;
      const read = db.transaction('r', [db.photos, db.months], async () => {
        const rows = await db.months.orderBy('month').toArray();
        const keys = await shownKeys(db, includePrivate);
        const taken = Float64Array.from(keys, ([at]) => at);
        const months = new Int32Array(keys.length);
        let at = 0;
        for (const b of rows) months.fill(b.month, at, (at += shownCount(b, includePrivate)));
        return { stamp: stampOf(rows), ...keptIds(keys.map(([, id]) => id)), months, taken };
      });
      if (follows) reading.set(key, read);
      try {
        const fresh = await read;
        if (since === generation) orders.set(key, fresh);
        return fresh;
      } finally {
        if (reading.get(key) === read) reading.delete(key);
      }
    },

    async namesStartingWith(kind, prefix, includePrivate) {
      // People are few and counted through their faces; the rest from the postings once built.
      if (kind === 'person' || !postings?.ready) return namesStartingWith(db, kind, prefix, includePrivate);
      await postings.current();
      const levels = shownLevels(includePrivate);
      const named = kind === 'label' || kind === 'category';
      const term = named ? '' : `${TERM_OF[kind]}:`;
      // As many as the IndexedDB reads take (suggest-repo.ts).
      const found = postings.valuesStartingWith(kind === 'label' ? 'labels' : kind === 'category' ? 'categories' : 'terms', term + prefix, levels, named ? NAMES_READ.labels : NAMES_READ.others);
      return found.flatMap(({ value, count }) => (count ? [{ name: value.slice(term.length), count }] : []));
    },
  };
}
