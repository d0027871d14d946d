import type { ShoeboxDb } from './db';
import { FILTER_KEYS, termText } from '../search/parse';
import { fold } from '../search/terms';
import { PALETTE } from '../imaging/colors';
import { MONTH_NAMES } from '../search/calendar';
import { asShown } from './face-repo';
import type { PersonRow } from './types';
import { shownPhotos, type Visibility } from './visibility';

/** One suggestion for the word being typed: what replaces it, and how it reads in the list. */
export interface Suggestion {
  /** The query text that replaces the last word, e.g. `label:cat` or `person:"Ann Lee"`. */
  text: string;
  /** What it is: a label, a person, a camera… or a filter to type a value for. */
  kind: 'filter' | 'label' | 'category' | 'person' | 'camera' | 'lens' | 'color' | 'type' | 'month' | 'keyword' | 'album';
  /** What the list shows. */
  name: string;
  /** Photos it finds (absent for filter names). */
  count?: number;
}

const LIMIT = 8;
const TYPES = ['image', 'jpeg', 'png', 'webp', 'gif', 'avif', 'bmp', 'heic', 'raw', 'video', 'live'];

const filterText = (key: string, value: string) => termText({ kind: 'filter', key: key as never, values: [value], op: '=', negated: false });

/** Labels or categories starting with the prefix, by count, from the labelCounts table's key. */
async function labels(db: ShoeboxDb, shown: Visibility, kind: 'label' | 'category', prefix: string, plain: boolean): Promise<Suggestion[]> {
  const rows = await db.labelCounts.where('key').startsWith(`${kind}:${prefix}`).limit(200).toArray();
  const counts = await Promise.all(rows.map((r) => shown.name(kind === 'label' ? 'labels' : 'categories', r.name, r)));
  return rows.flatMap((r, i) => {
    const count = counts[i]?.count;
    return count ? [{ text: plain ? r.name : filterText(kind, r.name), kind, name: r.name, count }] : [];
  });
}

async function people(db: ShoeboxDb, includePrivate: boolean, prefix: string): Promise<Suggestion[]> {
  const rows = (await db.people.where('nameKey').startsWith(prefix).limit(200).toArray()) as (PersonRow & { id: number })[];
  const seen = await asShown(db, rows.filter((p) => p.name), includePrivate);
  return seen.map((p) => ({ text: filterText('person', p.name as string), kind: 'person' as const, name: p.name as string, count: p.photoCount }));
}

/**
 * Whole names kept as terms (`model:` cameras, `lensname:` lenses, `album:`, `kw:` keywords) that
 * start with the prefix, each counted through the index.
 */
async function named(db: ShoeboxDb, shown: Visibility, term: 'model' | 'lensname' | 'album' | 'kw', key: 'camera' | 'lens' | 'album' | 'keywords', prefix: string): Promise<Suggestion[]> {
  const names = ((await db.photos.where('terms').startsWith(`${term}:${prefix}`).uniqueKeys()) as string[]).slice(0, 50);
  const counts = await Promise.all(names.map((n) => shown.name('terms', n)));
  const kind = key === 'keywords' ? 'keyword' : key;
  return names.flatMap((n, i) => {
    const name = n.slice(term.length + 1);
    const count = counts[i]?.count;
    return count ? [{ text: filterText(key, name), kind, name, count }] : [];
  });
}

const fixed = (kind: Suggestion['kind'], key: string, values: readonly string[], prefix: string): Suggestion[] =>
  values.filter((v) => v.startsWith(prefix)).map((v) => ({ text: filterText(key, v), kind, name: v }));

const byCount = (a: Suggestion, b: Suggestion) => (b.count ?? 0) - (a.count ?? 0) || a.name.localeCompare(b.name);

/**
 * Suggestions for the last word of a query as it is being typed: filter names (`lab` → `label:`),
 * then labels, people, cameras and so on, each with how many photos it finds. Every read is an
 * index prefix range. Counts are as shown (visibility.ts): with private photos hidden, a name
 * only they carry is not suggested.
 */
export async function suggest(db: ShoeboxDb, query: string, includePrivate = false): Promise<Suggestion[]> {
  if (/\s$/.test(query)) return [];
  const last = query.split(/\s+/).pop() ?? '';
  const negated = last.startsWith('-');
  const word = negated ? last.slice(1) : last;
  if (!word || word.includes('"')) return [];
  const filter = /^([a-z]+):(.*)$/i.exec(word);
  let out: Suggestion[];
  if (!filter) {
    const prefix = fold(word);
    const keys = FILTER_KEYS.filter((k) => k.startsWith(prefix)).map((k): Suggestion => ({ text: `${k}:`, kind: 'filter', name: `${k}:` }));
    const shown = await shownPhotos(db, includePrivate);
    const found = (await Promise.all([labels(db, shown, 'label', prefix, true), labels(db, shown, 'category', prefix, true), people(db, includePrivate, prefix), named(db, shown, 'model', 'camera', prefix), named(db, shown, 'album', 'album', prefix)])).flat();
    out = [...found.sort(byCount), ...keys];
  } else {
    const key = (filter[1] as string).toLowerCase();
    const prefix = fold(filter[2] as string);
    const shown = await shownPhotos(db, includePrivate);
    const reads: Record<string, () => Promise<Suggestion[]> | Suggestion[]> = {
      label: () => labels(db, shown, 'label', prefix, false),
      category: () => labels(db, shown, 'category', prefix, false),
      person: () => people(db, includePrivate, prefix),
      camera: () => named(db, shown, 'model', 'camera', prefix),
      lens: () => named(db, shown, 'lensname', 'lens', prefix),
      album: () => named(db, shown, 'album', 'album', prefix),
      keywords: () => named(db, shown, 'kw', 'keywords', prefix),
      color: () => fixed('color', 'color', PALETTE, prefix),
      type: () => fixed('type', 'type', TYPES, prefix),
      month: () => fixed('month', 'month', MONTH_NAMES, prefix),
    };
    const list = await (reads[key]?.() ?? []);
    out = list.some((s) => s.count !== undefined) ? list.sort(byCount) : list;
  }
  // What is typed already in full is no suggestion.
  return out.filter((s) => fold(s.text) !== fold(word)).slice(0, LIMIT).map((s) => (negated ? { ...s, text: `-${s.text}` } : s));
}
