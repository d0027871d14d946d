import type { ShoeboxDb } from './db';
import { peopleNamed, photoIdsOfPeople } from './face-repo';
import { relatedLabels } from '../search/synonyms';
import { parseQuery, type Term } from '../search/parse';
import type { PhotoRow } from './types';

export interface SearchAnswer {
  photos: PhotoRow[];
  /** What could not be read in the query, for the person (the rest was still searched). */
  errors: string[];
}

/** Rule labels that filters name: `mono:true` is the `monochrome` label, and so on. */
const LABEL_FILTERS: Record<string, string> = { mono: 'monochrome', portrait: 'portrait', panorama: 'panorama' };

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

/** Photos taken in [from, to), through the `[takenAt+id]` index (keys only). */
async function takenBetween(db: ShoeboxDb, from: number, to: number): Promise<string[]> {
  const keys = await db.photos.where('[takenAt+id]').between([from, ''], [to, ''], true, false).keys();
  return keys.map((k) => (k as unknown as [number, string])[1]);
}

/**
 * The photos one term stands for, through an index; undefined when no index serves the term
 * (the query then needs another term to search from).
 */
async function idsOf(db: ShoeboxDb, term: Term): Promise<string[] | undefined> {
  if (term.kind === 'word') {
    const words = [term.text, ...relatedLabels(term.text)];
    const [byLabel, byCategory, people] = await Promise.all([
      db.photos.where('labels').anyOf(words).primaryKeys(),
      db.photos.where('categories').anyOf(words).primaryKeys(),
      peopleNamed(db, term.text),
    ]);
    return [...(byLabel as string[]), ...(byCategory as string[]), ...(await photoIdsOfPeople(db, people))];
  }
  const { key, values, op } = term;
  switch (key) {
    case 'label':
      return (await db.photos.where('labels').anyOf(values).primaryKeys()) as string[];
    case 'category':
      return (await db.photos.where('categories').anyOf(values).primaryKeys()) as string[];
    case 'color':
      return (await db.photos.where('colors').anyOf(values).primaryKeys()) as string[];
    case 'person': {
      const ids = (await Promise.all(values.map((v) => peopleNamed(db, v)))).flat();
      return photoIdsOfPeople(db, ids);
    }
    // Boolean filters arrive as `true` (see asTrue): the photos that have the property.
    case 'mono':
    case 'portrait':
    case 'panorama':
      return (await db.photos.where('labels').equals(LABEL_FILTERS[key] as string).primaryKeys()) as string[];
    case 'private':
      return (await db.photos.where('[hidden+takenAt+id]').between([1, -Infinity, ''], [1, Infinity, '\uffff']).primaryKeys()) as string[];
    case 'year': {
      const years = values.map(Number);
      if (op === '=') return (await Promise.all(years.map((y) => takenBetween(db, yearStart(y), yearStart(y + 1))))).flat();
      const year = years[0] as number;
      if (op === '>') return takenBetween(db, yearStart(year + 1), Infinity);
      if (op === '>=') return takenBetween(db, yearStart(year), Infinity);
      if (op === '<') return takenBetween(db, -Infinity, yearStart(year));
      return takenBetween(db, -Infinity, yearStart(year + 1));
    }
    case 'before':
      return takenBetween(db, -Infinity, dateStart(values[0] as string));
    case 'after':
      return takenBetween(db, dateEnd(values[0] as string), Infinity);
    default:
      return undefined;
  }
}

/** `mono:false` is `-mono:true`: a yes/no filter always asks for the photos that have the property. */
function asTrue(term: Term): Term {
  if (term.kind !== 'filter' || !(term.key in LABEL_FILTERS || term.key === 'private') || term.values.includes('true')) return term;
  return { ...term, values: ['true'], negated: !term.negated };
}

/** Filters the catalogue has no index for yet: said so, not silently ignored. */
const NOT_YET = 'can not be searched yet (it comes with the query planner)';

/**
 * Run a query: each term becomes an indexed read, the reads are intersected smallest first, and
 * negated terms are taken away. Results are newest first. Private photos are left out unless
 * asked for. Every read goes through an index: never a table scan.
 */
export async function search(db: ShoeboxDb, query: string, includePrivate = false, limit = 2000): Promise<SearchAnswer> {
  const parsed = parseQuery(query);
  const errors = parsed.errors.map((e) => e.message);
  const positive: string[][] = [];
  const negative: string[][] = [];
  // Plain words that together name a label, a category or a person ("wine glass", "Ann Lee")
  // are one term; otherwise each word must match.
  let terms = parsed.terms.map(asTrue);
  const words = terms.filter((t): t is Extract<Term, { kind: 'word' }> => t.kind === 'word' && !t.negated);
  if (words.length > 1) {
    const phrase: Term = { kind: 'word', text: words.map((w) => w.text).join(' '), negated: false };
    const found = await idsOf(db, phrase);
    if (found?.length) {
      positive.push(found);
      terms = terms.filter((t) => !words.includes(t as (typeof words)[number]));
    }
  }
  // Asking for private photos shows them.
  if (terms.some((t) => t.kind === 'filter' && t.key === 'private' && !t.negated)) includePrivate = true;
  for (const term of terms) {
    const ids = await idsOf(db, term);
    if (ids === undefined) errors.push(`${(term as Extract<Term, { kind: 'filter' }>).key}: ${NOT_YET}.`);
    else (term.negated ? negative : positive).push(ids);
  }
  if (!positive.length) {
    if (negative.length) errors.push('Add a word or a filter to search from: a query of only “-” terms would list the whole library.');
    return { photos: [], errors };
  }
  const sets = positive.map((ids) => new Set(ids)).sort((a, b) => a.size - b.size);
  const [smallest, ...rest] = sets as [Set<string>, ...Set<string>[]];
  const without = new Set(negative.flat());
  const ids = [...smallest].filter((id) => rest.every((s) => s.has(id)) && !without.has(id));
  const rows = (await db.photos.bulkGet(ids)).flatMap((p) => (p && (includePrivate || !p.private) ? [p] : []));
  return { photos: rows.sort((a, b) => b.takenAt - a.takenAt || (a.id < b.id ? 1 : -1)).slice(0, limit), errors };
}

/** The photos a query finds (see `search`), without its messages. */
export async function searchPhotos(db: ShoeboxDb, query: string, includePrivate = false, limit = 2000): Promise<PhotoRow[]> {
  return (await search(db, query, includePrivate, limit)).photos;
}
