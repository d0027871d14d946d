import { lowerBound, type PostedIndex } from '../catalog/postings';
import { foundIds, type CatalogueReads, type Found, type TimelineOrder } from '../catalog/search-reads';
import { durationTerm, fold, IMAGE_TYPES, words } from '../catalog/terms';
import { relatedLabels } from './synonyms';
import { parseQuery, termText, type Term } from './parse';
import { calendarWord, type Calendar } from './calendar';
import { combine, inAll, monthCounts, newestFirst, NONE, type MonthCount, type NewestFirst, type Positions } from './positions';

export type { MonthCount } from './positions';

/**
 * The search planner: a query becomes index reads of the catalogue (through its read interface,
 * catalog/search-reads.ts), combined by timeline position. It runs in the search worker.
 */

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
/** Yes/no filters kept as an `is:` term (see catalog/terms.ts). */
const FLAG_TERMS: Record<string, string> = { favorite: 'is:favorite', damaged: 'is:damaged', missing: 'is:missing' };
const YES_NO = new Set([...Object.keys(LABEL_FILTERS), ...Object.keys(FLAG_TERMS), 'private', 'archived']);

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

const DATE_KEYS = new Set(['year', 'before', 'after']);

/** The periods a date filter stands for, [from, to) in ms: one, or several for `year:2018|2019`. */
function dateIntervals({ key, values, op }: Filter): [number, number][] {
  if (key === 'before') return [[-Infinity, dateStart(values[0] as string)]];
  if (key === 'after') return [[dateEnd(values[0] as string), Infinity]];
  const years = values.map(Number);
  if (op === '=') return years.map((y) => [yearStart(y), yearStart(y + 1)]);
  const y = years[0] as number;
  if (op === '>') return [[yearStart(y + 1), Infinity]];
  if (op === '>=') return [[yearStart(y), Infinity]];
  if (op === '<') return [[-Infinity, yearStart(y)]];
  return [[-Infinity, yearStart(y + 1)]];
}

/** What a search reads through: the catalogue, and the order its answer is placed in. */
interface Reading {
  db: CatalogueReads;
  order: TimelineOrder;
}

/** Place what a read found in the order: photo numbers through the order's table, ids through its map; photos outside it drop out. */
function placed({ db, order }: Reading, found: Found): Positions {
  let size = found.ids.length;
  for (const list of found.slots) size += list.length;
  const out = new Uint32Array(size);
  let n = 0;
  if (found.slots.length) {
    const at = db.slotPositions(order);
    for (const list of found.slots) {
      for (let i = 0; i < list.length; i++) {
        const p = at[list[i] as number] ?? -1;
        if (p >= 0) out[n++] = p;
      }
    }
  }
  for (const id of found.ids) {
    const p = order.positionOf(id);
    if (p >= 0) out[n++] = p;
  }
  return out.subarray(0, n);
}

const placedIds = (r: Reading, ids: readonly string[]) => placed(r, foundIds(ids));

/** Photos in any of the lists. */
function union(lists: readonly Positions[]): Positions {
  if (lists.length === 1) return lists[0] as Positions;
  const out = new Uint32Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const list of lists) {
    out.set(list, at);
    at += list.length;
  }
  return out;
}

/** Photos in every one of the lists. */
const intersect = (r: Reading, lists: readonly Positions[]): Positions => (lists.length === 1 ? (lists[0] as Positions) : lists.length ? combine(r.order.ids.length, lists, []) : new Uint32Array(0));

/** The photos taken in [from, to). */
type Taken = (from: number, to: number) => Promise<Positions>;

/** Dates come from the kept timeline order, which knows each photo's time: no read at all. */
function takenFrom(order: TimelineOrder): Taken {
  return async (from, to) => {
    const start = lowerBound(order.taken, from);
    const end = Math.max(start, lowerBound(order.taken, to));
    const out = new Uint32Array(end - start);
    for (let i = 0; i < out.length; i++) out[i] = start + i;
    return out;
  };
}

/** Plain words that mean a kind of file rather than what it shows: "movie" finds videos. */
const TYPE_WORDS: Record<string, string> = {
  video: 'video', videos: 'video', movie: 'video', movies: 'video', clip: 'video', clips: 'video', footage: 'video',
};

/** Photos with any of these values in one of the photos' multiEntry indexes. */
const photosWith = async (r: Reading, index: PostedIndex, values: readonly string[]) => placed(r, await r.db.photosWith(index, values));
const byTerms = (r: Reading, terms: string[]) => photosWith(r, 'terms', terms);

/**
 * Videos by length: one range read of the terms index, whose `duration:` entries sort as numbers
 * (catalog/terms.ts). `duration:12` is [12 s, 13 s); comparisons are exact.
 */
async function byDuration(r: Reading, { values, op }: Filter): Promise<Positions> {
  const read = async (from: number, to: number, withFrom: boolean, withTo: boolean) =>
    placedIds(r, await r.db.photosWithTermsBetween(durationTerm(from), to === Infinity ? 'duration:\uffff' : durationTerm(to), withFrom, withTo));
  const v = Number(values[0]);
  if (op === '>') return read(v, Infinity, false, true);
  if (op === '>=') return read(v, Infinity, true, true);
  if (op === '<') return read(0, v, true, false);
  if (op === '<=') return read(0, v, true, true);
  return union(await Promise.all(values.map((s) => read(Number(s), Number(s) + 1, true, false))));
}

/** Every word of a value must match (`camera:"eos 5d"`): one read per word, intersected. */
async function allWords(r: Reading, prefix: string, value: string): Promise<Positions> {
  return intersect(r, await Promise.all(words(value).map((w) => byTerms(r, [`${prefix}:${w}`]))));
}

/**
 * Files a typed name finds (catalog/terms.ts `pathWords`): the name as typed ("img_0003.jpg",
 * "volna-5k"), or every one of its words in one file's path ("volna-5k" finds "volna-5k-final").
 */
async function fileNameIds(r: Reading, text: string): Promise<Positions> {
  const whole = fold(text).trim();
  return placedIds(r, await r.db.photosOfFilesNamed(whole, words(text).filter((w) => w !== whole)));
}

/** The calendar a word names ("march", "summer", "christmas", "2019"): per-year date ranges and day terms. */
async function onCalendar(r: Reading, taken: Taken, calendar: Calendar): Promise<Positions> {
  if (calendar.year !== undefined) return taken(yearStart(calendar.year), yearStart(calendar.year + 1));
  const months = byTerms(r, calendar.months.map((m) => `month:${m}`));
  if (!calendar.days) return months;
  return intersect(r, [await months, await byTerms(r, calendar.days.map((d) => `day:${d}`))]);
}

/** Photos with a label or category of these names, or of the person called `person`. */
async function namedIds(r: Reading, names: string[], person: string): Promise<Positions> {
  const people = async () => placedIds(r, await r.db.photosOfPeopleNamed(person));
  return union(await Promise.all([photosWith(r, 'labels', names), photosWith(r, 'categories', names), people()]));
}

/** A phrase that names one label, category or person. */
const phraseIds = (r: Reading, phrase: string) => namedIds(r, [phrase], phrase);

/** A plain word: labels, categories, related words, people, titles, captions, keywords, camera, folders, file names and dates. */
async function wordIds(r: Reading, taken: Taken, text: string, findPlace?: PlaceFinder): Promise<Positions> {
  const folded = fold(text);
  const related = relatedLabels(folded);
  const parts = words(text);
  const calendar = calendarWord(folded);
  // A town's name finds the photos taken there ("lisbon"), unless the word means a thing we
  // label ("orange" is a fruit and a colour before it is a town in California).
  const place = findPlace && !related.length && !calendar && /^\p{L}{3,}$/u.test(folded) ? findPlace(folded) : undefined;
  const none = new Uint32Array(0);
  const [named, ...others] = await Promise.all([
    namedIds(r, [folded, ...related], text),
    // A phrase's words must all be in the photo's text ("Canon EOS"), or all in one file's path.
    parts.length ? allWords(r, 'w', text) : none,
    fileNameIds(r, text),
    TYPE_WORDS[folded] ? byTerms(r, [`type:${TYPE_WORDS[folded]}`]) : none,
    calendar ? onCalendar(r, taken, calendar) : none,
    place?.then(async (p) => (p ? placedIds(r, await r.db.photosNear(p.lat, p.lng, p.radiusKm)) : none)) ?? none,
  ]);
  // A word that names a label, a category or a person names that, not the town.
  return union([named, ...(named.length ? others.slice(0, -1) : others)]);
}

/** The photos one filter stands for, through an index (filename: excepted, see above). */
async function filterIds(r: Reading, taken: Taken, term: Filter, options: SearchOptions): Promise<Positions> {
  const { key, values, op } = term;
  const anyOf = async (read: (value: string) => Promise<Positions>) => union(await Promise.all(values.map(read)));
  const ids = async (read: Promise<string[]>) => placedIds(r, await read);
  switch (key) {
    case 'label':
      return photosWith(r, 'labels', values);
    case 'category':
      return photosWith(r, 'categories', values);
    case 'color':
      return photosWith(r, 'colors', values);
    case 'person':
      return anyOf((v) => ids(r.db.photosOfPeopleNamed(v)));
    // Yes/no filters arrive as `true` (see asTrue): the photos that have the property.
    case 'mono':
    case 'portrait':
    case 'panorama':
      return photosWith(r, 'labels', [LABEL_FILTERS[key] as string]);
    case 'favorite':
    case 'damaged':
    case 'missing':
      return byTerms(r, [FLAG_TERMS[key] as string]);
    case 'private':
      return ids(r.db.privatePhotos());
    case 'archived':
      // Both archive levels: the order searched (see search) already leaves out what is not shown.
      return ids(r.db.archivedPhotos());
    case 'year':
    case 'before':
    case 'after':
      return union(await Promise.all(dateIntervals(term).map(([from, to]) => taken(from, to))));
    case 'month':
    case 'day':
      return byTerms(r, values.map((v) => `${key}:${v}`));
    case 'rating': {
      const wanted = [0, 1, 2, 3, 4, 5].filter((n) => {
        const v = Number(values[0]);
        return op === '=' ? values.map(Number).includes(n) : op === '>' ? n > v : op === '>=' ? n >= v : op === '<' ? n < v : n <= v;
      });
      return byTerms(r, wanted.map((n) => `rating:${n}`));
    }
    case 'type':
      return byTerms(r, values.flatMap((v) => (v === 'image' ? IMAGE_TYPES.map((t) => `type:${t}`) : [`type:${v}`])));
    case 'duration':
      return byDuration(r, term);
    case 'camera':
    case 'lens':
    case 'title':
      return anyOf((v) => allWords(r, key, v));
    case 'keywords':
      return anyOf(async (v) => union(await Promise.all([byTerms(r, [`kw:${fold(v)}`]), allWords(r, 'kw', v)])));
    case 'album':
      return byTerms(r, values.map((v) => `album:${fold(v)}`));
    // A town, region or country by its whole name; a country also by its code (`country:pt`).
    case 'place':
    case 'country':
      return byTerms(r, values.map((v) => `${key}:${fold(v)}`));
    case 'folder':
      return anyOf((v) => ids(r.db.photosInFolder(v)));
    case 'filename':
      return anyOf((v) => ids(r.db.photosOfFilesContaining(v)));
    case 'similar':
      return anyOf((v) => ids(options.similarTo?.(v) ?? Promise.resolve([])));
    case 'area':
      return anyOf((v) => {
        const [south, west, north, east] = v.split(',').map(Number) as [number, number, number, number];
        return ids(r.db.photosInArea(south, west, north, east));
      });
    default:
      // lat/lng/dist/near are read together (see placeIds).
      return new Uint32Array(0);
  }
}

/** `mono:false` is `-mono:true`: a yes/no filter always asks for the photos that have the property. */
function asTrue(term: Term): Term {
  if (term.kind !== 'filter' || !YES_NO.has(term.key) || term.values.includes('true')) return term;
  return { ...term, values: ['true'], negated: !term.negated };
}

/** Where: `lat:` + `lng:` (+ `dist:` km, 10 by default) or `near:` a place. */
async function placeIds(db: CatalogueReads, terms: Filter[], errors: string[], findPlace?: PlaceFinder): Promise<string[] | undefined> {
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
    return db.photosNear(place.lat, place.lng, value('dist') === undefined ? place.radiusKm : dist);
  }
  if (lat === undefined || lng === undefined) {
    if (terms.length) errors.push('lat: and lng: go together (dist: is the radius in km, 10 by default).');
    return undefined;
  }
  return db.photosNear(Number(lat), Number(lng), dist);
}

export type PlaceFinder = (name: string) => Promise<{ lat: number; lng: number; radiusKm: number } | undefined>;

/**
 * What searches keep between them (the search worker holds one): the photos of recent terms, so
 * typing on and live refreshes do not read the same keys again. Its owner drops it whenever any
 * tab or worker changes the catalogue (onCatalogueChange). The timeline's order is the
 * catalogue reads' to keep.
 */
export class SearchCache {
  private terms = new Map<string, Promise<NewestFirst>>();
  private static readonly TERMS = 64;

  /** Forget everything (the catalogue changed). */
  invalidate(): void {
    this.terms.clear();
  }

  /** A term's photos, as positions in its scope's order, newest first: kept, or read now (the least recently used of 64 goes). */
  term(key: string, read: () => Promise<NewestFirst>): Promise<NewestFirst> {
    const kept = this.terms.get(key);
    this.terms.delete(key);
    const value = kept ?? read();
    this.terms.set(key, value);
    if (this.terms.size > SearchCache.TERMS) this.terms.delete(this.terms.keys().next().value as string);
    value.catch(() => this.terms.delete(key));
    return value;
  }
}

export interface SearchOptions {
  includePrivate?: boolean;
  /** What to keep between searches (a worker keeps one); everything is read afresh otherwise. */
  cache?: SearchCache;
  /** Looks up `near:` places. */
  findPlace?: PlaceFinder;
  /** `similar:<photo>`: the photos most like it (search/similar.ts), by its id or the start of it. */
  similarTo?: (photo: string) => Promise<string[]>;
}

const GEO_KEYS = new Set(['lat', 'lng', 'dist', 'near']);

/**
 * Run a query: each term becomes an indexed read, the reads are intersected smallest first, and
 * negated terms are taken away. Results are newest first, grouped by month. Private photos are
 * left out unless asked for. Only `filename:` reads a whole table (the files', in a worker).
 */
export async function search(db: CatalogueReads, query: string, options: SearchOptions = {}): Promise<SearchAnswer> {
  const { order, found, buckets, errors } = await searchPlaced(db, query, options);
  return { ids: Array.from(found, (i) => order.ids.at(i) as string), buckets, errors };
}

/** An answer as positions in the order it was read from: the search worker hands it over from there (packed.ts). */
export interface PlacedAnswer extends Omit<SearchAnswer, 'ids'> {
  order: TimelineOrder;
  /** Positions in `order`, newest first. */
  found: Uint32Array;
}

/** `search`, answering with positions in the timeline's order instead of ids. */
export async function searchPlaced(db: CatalogueReads, query: string, options: SearchOptions = {}): Promise<PlacedAnswer> {
  const parsed = parseQuery(query);
  const errors = parsed.errors.map((e) => e.message);
  // The postings answer once every change seen so far is in them (they stand aside until built).
  await db.current();
  const positive: NewestFirst[] = [];
  const negative: NewestFirst[] = [];
  const cache = options.cache ?? new SearchCache();
  let terms = parsed.terms.map(asTrue);
  // Asking for private photos shows them.
  const includePrivate = (options.includePrivate ?? false) || terms.some((t) => t.kind === 'filter' && t.key === 'private' && !t.negated);
  // `archived:true` searches the archive instead of the timeline.
  const archived = terms.some((t) => t.kind === 'filter' && t.key === 'archived' && !t.negated);
  const order = await db.timeline(includePrivate, archived);
  const r: Reading = { db, order };
  const scope = archived ? `${includePrivate}+archive` : String(includePrivate);
  const taken = takenFrom(order);
  // A term's photos are kept newest first, each once: a query of that term alone is its answer.
  const kept = (key: string, read: () => Promise<Positions>) => cache.term(`${scope}:${key}`, async () => newestFirst(order.ids.length, await read()));
  // Consecutive plain words that together name a label, a category or a person ("wine glass",
  // "carla diaz") are one term, longest first; the other words must each match.
  const plain = terms.filter((t): t is Extract<Term, { kind: 'word' }> => t.kind === 'word' && !t.negated);
  const phrased = new Set<Term>();
  for (let length = plain.length; length > 1; length--) {
    for (let at = 0; at + length <= plain.length; at++) {
      const run = plain.slice(at, at + length);
      if (run.some((w) => phrased.has(w))) continue;
      const phrase = run.map((w) => w.text).join(' ');
      const found = await kept(`phrase:${phrase}`, () => phraseIds(r, phrase));
      if (!found.length) continue;
      positive.push(found);
      run.forEach((w) => phrased.add(w));
    }
  }
  terms = terms.filter((t) => !phrased.has(t));
  // Dates: one range read for all of them together ("after:2015 before:2016-06").
  const dated = terms.filter((t): t is Filter => t.kind === 'filter' && DATE_KEYS.has(t.key) && !t.negated && dateIntervals(t).length === 1);
  if (dated.length > 1) {
    const [from, to] = dated.map((t) => dateIntervals(t)[0] as [number, number]).reduce(([a, b], [c, d]) => [Math.max(a, c), Math.min(b, d)]);
    positive.push(from < to ? await kept(`taken:${from}-${to}`, () => taken(from, to)) : NONE);
    terms = terms.filter((t) => !dated.includes(t as Filter));
  }
  const geo = terms.filter((t): t is Filter => t.kind === 'filter' && GEO_KEYS.has(t.key));
  if (geo.length) {
    const ids = await placeIds(db, geo, errors, options.findPlace);
    if (ids) (geo.every((t) => t.negated) ? negative : positive).push(newestFirst(order.ids.length, placedIds(r, ids)));
  }
  const reads = terms.flatMap((term) => {
    if (term.kind === 'filter' && GEO_KEYS.has(term.key)) return [];
    const key = `${term.kind}:${termText({ ...term, negated: false })}`;
    const ids = kept(key, () => (term.kind === 'word' ? wordIds(r, taken, term.text, options.findPlace) : filterIds(r, taken, term, options)));
    return [{ negated: term.negated, ids }];
  });
  for (const { negated, ids } of reads) (negated ? negative : positive).push(await ids);
  if (!positive.length) {
    if (negative.length) errors.push('Add a word or a filter to search from: a query of only “-” terms would list the whole library.');
    return { order, found: NONE, buckets: [], errors };
  }
  // Ordered by the timeline's positions (newest first): no rows read.
  const found = inAll(positive, negative);
  return { order, found, buckets: monthCounts(found, order.months), errors };
}
