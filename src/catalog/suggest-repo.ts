import type { ShoeboxDb } from './db';
import { FILTER_KEYS, termText } from '../search/parse';
import { fold } from '../search/terms';
import { PALETTE } from '../imaging/colors';
import { MONTH_NAMES } from '../search/calendar';

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
const TYPES = ['jpeg', 'png', 'webp', 'gif', 'avif', 'bmp', 'heic', 'raw'];

const filterText = (key: string, value: string) => termText({ kind: 'filter', key: key as never, values: [value], op: '=', negated: false });

/** Labels or categories starting with the prefix, by count, from the labelCounts table's key. */
async function labels(db: ShoeboxDb, kind: 'label' | 'category', prefix: string, plain: boolean): Promise<Suggestion[]> {
  const rows = await db.labelCounts.where('key').startsWith(`${kind}:${prefix}`).limit(200).toArray();
  return rows.map((r) => ({ text: plain ? r.name : filterText(kind, r.name), kind, name: r.name, count: r.count }));
}

async function people(db: ShoeboxDb, prefix: string): Promise<Suggestion[]> {
  const rows = await db.people.where('nameKey').startsWith(prefix).limit(200).toArray();
  return rows.flatMap((p) => (p.name ? [{ text: filterText('person', p.name), kind: 'person' as const, name: p.name, count: p.photoCount }] : []));
}

/**
 * Whole names kept as terms (`model:` cameras, `lensname:` lenses, `album:`, `kw:` keywords) that
 * start with the prefix, each counted through the index.
 */
async function named(db: ShoeboxDb, term: 'model' | 'lensname' | 'album' | 'kw', key: 'camera' | 'lens' | 'album' | 'keywords', prefix: string): Promise<Suggestion[]> {
  const names = ((await db.photos.where('terms').startsWith(`${term}:${prefix}`).uniqueKeys()) as string[]).slice(0, 50);
  const counts = await Promise.all(names.map((n) => db.photos.where('terms').equals(n).count()));
  const kind = key === 'keywords' ? 'keyword' : key;
  return names.map((n, i) => {
    const name = n.slice(term.length + 1);
    return { text: filterText(key, name), kind, name, count: counts[i] };
  });
}

const fixed = (kind: Suggestion['kind'], key: string, values: readonly string[], prefix: string): Suggestion[] =>
  values.filter((v) => v.startsWith(prefix)).map((v) => ({ text: filterText(key, v), kind, name: v }));

const byCount = (a: Suggestion, b: Suggestion) => (b.count ?? 0) - (a.count ?? 0) || a.name.localeCompare(b.name);

/**
 * Suggestions for the last word of a query as it is being typed: filter names (`lab` → `label:`),
 * then labels, people, cameras and so on, each with how many photos it finds. Every read is an
 * index prefix range.
 */
export async function suggest(db: ShoeboxDb, query: string): Promise<Suggestion[]> {
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
    const found = (await Promise.all([labels(db, 'label', prefix, true), labels(db, 'category', prefix, true), people(db, prefix), named(db, 'model', 'camera', prefix), named(db, 'album', 'album', prefix)])).flat();
    out = [...found.sort(byCount), ...keys];
  } else {
    const key = (filter[1] as string).toLowerCase();
    const prefix = fold(filter[2] as string);
    const reads: Record<string, () => Promise<Suggestion[]> | Suggestion[]> = {
      label: () => labels(db, 'label', prefix, false),
      category: () => labels(db, 'category', prefix, false),
      person: () => people(db, prefix),
      camera: () => named(db, 'model', 'camera', prefix),
      lens: () => named(db, 'lensname', 'lens', prefix),
      album: () => named(db, 'album', 'album', prefix),
      keywords: () => named(db, 'kw', 'keywords', prefix),
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
