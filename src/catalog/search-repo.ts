import Dexie from 'dexie';
import type { ShoeboxDb } from './db';
import { peopleNamed, photoIdsOfPeople } from './face-repo';
import { relatedLabels } from '../search/synonyms';
import { parseQuery, type Term } from '../search/parse';
import { calendarWord, type Calendar } from '../search/calendar';
import { fold, words } from '../search/terms';
import type { MonthCount } from '../components/timeline-layout';

export interface SearchAnswer {
  /** Every photo found, newest first. */
  ids: string[];
  /** How many of them each month holds, newest first (lays out the results grid). */
  buckets: MonthCount[];
  /** What could not be read in the query, for the person (the rest was still searched). */
  errors: string[];
}

type Filter = Extract<Term, { kind: 'filter' }>;

/** Rule labels that filters name: `mono:true` is the `monochrome` label, and so on. */
const LABEL_FILTERS: Record<string, string> = { mono: 'monochrome', portrait: 'portrait', panorama: 'panorama' };
/** Yes/no filters kept as an `is:` term (see search/terms.ts). */
const FLAG_TERMS: Record<string, string> = { favorite: 'is:favorite', damaged: 'is:damaged' };
const YES_NO = new Set([...Object.keys(LABEL_FILTERS), ...Object.keys(FLAG_TERMS), 'private', 'missing']);

const yearStart = (year: number) => Date.UTC(year, 0, 1);
function dateStart(iso: string): number {
  const [y, m = 1, d = 1] = iso.split('-').map(Number) as [number, number?, number?];
  return Date.UTC(y, m - 1, d);
}
/** The first instant after the period an ISO date names (a year, a month or a day). */
function dateEnd(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number?, number?];
  if (d !== undefined && m !== undefined) return Date.UTC(y, m - 1, d + 1);
  if (m !== undefined) return Date.UTC(y, m, 1);
  return Date.UTC(y + 1, 0, 1);
}

/** Photos taken in [from, to), through the `[takenAt+id]` index (primary keys only). */
async function takenBetween(db: ShoeboxDb, from: number, to: number): Promise<string[]> {
  return (await db.photos.where('[takenAt+id]').between([from, Dexie.minKey], [to, Dexie.minKey], true, false).primaryKeys()) as string[];
}

const byTerms = async (db: ShoeboxDb, terms: string[]) => (await db.photos.where('terms').anyOf(terms).primaryKeys()) as string[];

function intersect(lists: string[][]): string[] {
  if (!lists.length) return [];
  const [smallest, ...rest] = lists.map((l) => new Set(l)).sort((a, b) => a.size - b.size) as [Set<string>, ...Set<string>[]];
  return [...smallest].filter((id) => rest.every((s) => s.has(id)));
}

/** Every word of a value must match (`camera:"eos 5d"`): one read per word, intersected. */
async function allWords(db: ShoeboxDb, prefix: string, value: string): Promise<string[]> {
  const list = words(value);
  return list.length ? intersect(await Promise.all(list.map((w) => byTerms(db, [`${prefix}:${w}`])))) : [];
}

/** Photos whose files match: folder prefix, file-name words. Files map to photos by hash. */
const photosOfFiles = (files: { hash?: string }[]) => files.flatMap((f) => (f.hash ? [f.hash] : []));

async function inFolder(db: ShoeboxDb, value: string): Promise<string[]> {
  const prefix = value.replace(/^\/+|\/+$/g, '');
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
}

/**
 * File names containing a piece of text: the one search that reads every file row (a substring
 * has no index). Search runs in a worker (workers/search.worker.ts), off the page's thread.
 */
async function fileNamesContaining(db: ShoeboxDb, text: string): Promise<string[]> {
  const needle = fold(text);
  const found: string[] = [];
  await db.files.each((f) => {
    if (f.hash && fold(f.path.slice(f.path.lastIndexOf('/') + 1)).includes(needle)) found.push(f.hash);
  });
  return found;
}

/** Photos every copy of which has gone from its folder. */
async function missingPhotos(db: ShoeboxDb): Promise<string[]> {
  const gone = photosOfFiles(await db.files.where('status').equals('missing').toArray());
  const present = new Set(photosOfFiles((await db.files.where('hash').anyOf(gone).toArray()).filter((f) => f.status !== 'missing')));
  return gone.filter((h) => !present.has(h));
}

const EARTH_KM = 6371;
function distanceKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Photos within `km` of a point: a latitude band of `[gps.lat+gps.lng]` keys, then the distance. */
export async function photosNear(db: ShoeboxDb, lat: number, lng: number, km: number): Promise<string[]> {
  const dLat = km / 111.2;
  const found: string[] = [];
  await db.photos
    .where('[gps.lat+gps.lng]')
    .between([lat - dLat, Dexie.minKey], [lat + dLat, Dexie.maxKey], true, true)
    .eachKey((key, cursor) => {
      const [pLat, pLng] = key as unknown as [number, number];
      if (distanceKm(lat, lng, pLat, pLng) <= km) found.push(cursor.primaryKey as string);
    });
  return found;
}

/** The calendar a word names ("march", "summer", "christmas", "2019"): per-year date ranges and day terms. */
async function onCalendar(db: ShoeboxDb, calendar: Calendar): Promise<string[]> {
  if (calendar.year !== undefined) return takenBetween(db, yearStart(calendar.year), yearStart(calendar.year + 1));
  const months = byTerms(db, calendar.months.map((m) => `month:${m}`));
  if (!calendar.days) return months;
  return intersect([await months, await byTerms(db, calendar.days.map((d) => `day:${d}`))]);
}

/** A plain word: labels, categories, related words, people, titles, captions, keywords, camera, folders, file names and dates. */
async function wordIds(db: ShoeboxDb, text: string): Promise<string[]> {
  const folded = fold(text);
  const labels = [folded, ...relatedLabels(folded)];
  const parts = words(text);
  const calendar = calendarWord(folded);
  const reads = await Promise.all([
    db.photos.where('labels').anyOf(labels).primaryKeys() as Promise<string[]>,
    db.photos.where('categories').anyOf(labels).primaryKeys() as Promise<string[]>,
    peopleNamed(db, text).then((people) => photoIdsOfPeople(db, people)),
    // A phrase's words must all be there ("Canon EOS"), each in the photo's text or its path.
    parts.length ? allWords(db, 'w', text) : [],
    parts.length === 1 ? db.files.where('words').equals(parts[0] as string).toArray().then(photosOfFiles) : [],
    calendar ? onCalendar(db, calendar) : [],
  ]);
  return reads.flat();
}

/** The photos one filter stands for, through an index (filename: excepted, see above). */
async function filterIds(db: ShoeboxDb, term: Filter): Promise<string[]> {
  const { key, values, op } = term;
  const anyOf = async (read: (value: string) => Promise<string[]>) => (await Promise.all(values.map(read))).flat();
  switch (key) {
    case 'label':
      return (await db.photos.where('labels').anyOf(values).primaryKeys()) as string[];
    case 'category':
      return (await db.photos.where('categories').anyOf(values).primaryKeys()) as string[];
    case 'color':
      return (await db.photos.where('colors').anyOf(values).primaryKeys()) as string[];
    case 'person':
      return photoIdsOfPeople(db, (await Promise.all(values.map((v) => peopleNamed(db, v)))).flat());
    // Yes/no filters arrive as `true` (see asTrue): the photos that have the property.
    case 'mono':
    case 'portrait':
    case 'panorama':
      return (await db.photos.where('labels').equals(LABEL_FILTERS[key] as string).primaryKeys()) as string[];
    case 'favorite':
    case 'damaged':
      return byTerms(db, [FLAG_TERMS[key] as string]);
    case 'private':
      return (await db.photos.where('[hidden+takenAt+id]').between([1, -Infinity, Dexie.minKey], [1, Infinity, Dexie.maxKey]).primaryKeys()) as string[];
    case 'missing':
      return missingPhotos(db);
    case 'year': {
      const years = values.map(Number);
      if (op === '=') return (await Promise.all(years.map((y) => takenBetween(db, yearStart(y), yearStart(y + 1))))).flat();
      const year = years[0] as number;
      if (op === '>') return takenBetween(db, yearStart(year + 1), Infinity);
      if (op === '>=') return takenBetween(db, yearStart(year), Infinity);
      if (op === '<') return takenBetween(db, -Infinity, yearStart(year));
      return takenBetween(db, -Infinity, yearStart(year + 1));
    }
    case 'month':
    case 'day':
      return byTerms(db, values.map((v) => `${key}:${v}`));
    case 'before':
      return takenBetween(db, -Infinity, dateStart(values[0] as string));
    case 'after':
      return takenBetween(db, dateEnd(values[0] as string), Infinity);
    case 'rating': {
      const wanted = [0, 1, 2, 3, 4, 5].filter((n) => {
        const v = Number(values[0]);
        return op === '=' ? values.map(Number).includes(n) : op === '>' ? n > v : op === '>=' ? n >= v : op === '<' ? n < v : n <= v;
      });
      return byTerms(db, wanted.map((n) => `rating:${n}`));
    }
    case 'type':
      return byTerms(db, values.map((v) => `type:${v}`));
    case 'camera':
    case 'lens':
    case 'title':
      return anyOf((v) => allWords(db, key, v));
    case 'keywords':
      return anyOf(async (v) => [...(await byTerms(db, [`kw:${fold(v)}`])), ...(await allWords(db, 'kw', v))]);
    case 'folder':
      return anyOf((v) => inFolder(db, v));
    case 'filename':
      return anyOf((v) => fileNamesContaining(db, v));
    default:
      // lat/lng/dist/near are read together (see placeIds); album has its own answer.
      return [];
  }
}

/** `mono:false` is `-mono:true`: a yes/no filter always asks for the photos that have the property. */
function asTrue(term: Term): Term {
  if (term.kind !== 'filter' || !YES_NO.has(term.key) || term.values.includes('true')) return term;
  return { ...term, values: ['true'], negated: !term.negated };
}

/** Where: `lat:` + `lng:` (+ `dist:` km, 10 by default) or `near:` a place. */
async function placeIds(db: ShoeboxDb, terms: Filter[], errors: string[], findPlace?: PlaceFinder): Promise<string[] | undefined> {
  const value = (key: string) => terms.find((t) => t.key === key)?.values[0];
  const near = value('near');
  const lat = value('lat');
  const lng = value('lng');
  const dist = Number(value('dist') ?? 10);
  if (near !== undefined) {
    const place = findPlace ? await findPlace(near) : undefined;
    if (!place) {
      errors.push(`near: knows no place called “${near}”. Try a city, or lat: and lng:.`);
      return undefined;
    }
    return photosNear(db, place.lat, place.lng, value('dist') === undefined ? place.radiusKm : dist);
  }
  if (lat === undefined || lng === undefined) {
    if (terms.length) errors.push('lat: and lng: go together (dist: is the radius in km, 10 by default).');
    return undefined;
  }
  return photosNear(db, Number(lat), Number(lng), dist);
}

export type PlaceFinder = (name: string) => Promise<{ lat: number; lng: number; radiusKm: number } | undefined>;

/**
 * Photo ids in timeline order (oldest first) with their months, read through the index (primary
 * keys only, no rows) and the month counts in one transaction. Kept between searches until the
 * photos change; `search` checks the month counts again each time.
 */
export class TimelineOrder {
  private cached = new Map<boolean, { stamp: string; ids: string[]; months: number[] }>();

  constructor(private readonly db: ShoeboxDb) {}

  /** Drop what is kept (the photos changed). */
  invalidate(): void {
    this.cached.clear();
  }

  async read(includePrivate: boolean): Promise<{ ids: string[]; months: number[] }> {
    const db = this.db;
    const buckets = await db.months.orderBy('month').toArray();
    const stamp = buckets.map((b) => `${b.month}:${b.count}:${b.visible}`).join(',');
    const kept = this.cached.get(includePrivate);
    if (kept?.stamp === stamp) return kept;
    const fresh = await db.transaction('r', [db.photos, db.months], async () => {
      const rows = await db.months.orderBy('month').toArray();
      const ids = (await (includePrivate
        ? db.photos.orderBy('[takenAt+id]')
        : db.photos.where('[hidden+takenAt+id]').between([0, -Infinity, Dexie.minKey], [0, Infinity, Dexie.maxKey])
      ).primaryKeys()) as string[];
      const months: number[] = [];
      for (const b of rows) for (let i = 0; i < (includePrivate ? b.count : b.visible); i++) months.push(b.month);
      return { stamp: rows.map((b) => `${b.month}:${b.count}:${b.visible}`).join(','), ids, months };
    });
    this.cached.set(includePrivate, fresh);
    return fresh;
  }
}

export interface SearchOptions {
  includePrivate?: boolean;
  /** Kept timeline order (a worker keeps one); a fresh read otherwise. */
  order?: TimelineOrder;
  /** Looks up `near:` places. */
  findPlace?: PlaceFinder;
}

const GEO_KEYS = new Set(['lat', 'lng', 'dist', 'near']);

/**
 * Run a query: each term becomes an indexed read, the reads are intersected smallest first, and
 * negated terms are taken away. Results are newest first, grouped by month. Private photos are
 * left out unless asked for. Only `filename:` reads a whole table (the files', in a worker).
 */
export async function search(db: ShoeboxDb, query: string, options: SearchOptions = {}): Promise<SearchAnswer> {
  const parsed = parseQuery(query);
  const errors = parsed.errors.map((e) => e.message);
  const positive: string[][] = [];
  const negative: string[][] = [];
  let terms = parsed.terms.map(asTrue);
  // Plain words that together name a label, a category or a person ("wine glass", "Ann Lee")
  // are one term; otherwise each word must match.
  const plain = terms.filter((t): t is Extract<Term, { kind: 'word' }> => t.kind === 'word' && !t.negated);
  if (plain.length > 1) {
    const phrase = plain.map((w) => w.text).join(' ');
    const found = await Promise.all([
      db.photos.where('labels').equals(phrase).primaryKeys(),
      db.photos.where('categories').equals(phrase).primaryKeys(),
      peopleNamed(db, phrase).then((people) => photoIdsOfPeople(db, people)),
    ]);
    if (found.some((f) => f.length)) {
      positive.push(found.flat() as string[]);
      terms = terms.filter((t) => !plain.includes(t as (typeof plain)[number]));
    }
  }
  const geo = terms.filter((t): t is Filter => t.kind === 'filter' && GEO_KEYS.has(t.key));
  if (geo.length) {
    const ids = await placeIds(db, geo, errors, options.findPlace);
    if (ids) (geo.every((t) => t.negated) ? negative : positive).push(ids);
  }
  let includePrivate = options.includePrivate ?? false;
  // Asking for private photos shows them.
  if (terms.some((t) => t.kind === 'filter' && t.key === 'private' && !t.negated)) includePrivate = true;
  for (const term of terms) {
    if (term.kind === 'filter' && GEO_KEYS.has(term.key)) continue;
    if (term.kind === 'filter' && term.key === 'album') {
      errors.push('album: there are no albums in this library yet.');
      continue;
    }
    const ids = term.kind === 'word' ? await wordIds(db, term.text) : await filterIds(db, term);
    (term.negated ? negative : positive).push(ids);
  }
  if (!positive.length) {
    if (negative.length) errors.push('Add a word or a filter to search from: a query of only “-” terms would list the whole library.');
    return { ids: [], buckets: [], errors };
  }
  const without = new Set(negative.flat());
  const found = new Set(intersect(positive).filter((id) => !without.has(id)));
  // Ordered by walking the timeline's ids (newest first) and keeping the ones found: no rows read.
  const order = await (options.order ?? new TimelineOrder(db)).read(includePrivate);
  const ids: string[] = [];
  const buckets: MonthCount[] = [];
  for (let i = order.ids.length - 1; i >= 0 && ids.length < found.size; i--) {
    const id = order.ids[i] as string;
    if (!found.has(id)) continue;
    ids.push(id);
    const month = order.months[i] as number;
    const last = buckets[buckets.length - 1];
    if (last?.month === month) last.count++;
    else buckets.push({ month, count: 1 });
  }
  return { ids, buckets, errors };
}
