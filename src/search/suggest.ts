import type { NameKind } from '../catalog/suggest-repo';
import type { CatalogueReads } from '../catalog/search-reads';
import { fold } from '../catalog/terms';
import { PALETTE } from '../imaging/colors';
import { FILTER_KEYS, termText } from './parse';
import { MONTH_NAMES } from './calendar';

/** One suggestion for the word being typed: what replaces it, and how it reads in the list. */
export interface Suggestion {
  /** The query text that replaces the last word, e.g. `label:cat` or `person:"Ann Lee"`. */
  text: string;
  /** What it is: a label, a person, a camera… or a filter to type a value for. */
  kind: 'filter' | 'label' | 'category' | 'person' | 'camera' | 'lens' | 'color' | 'type' | 'month' | 'keyword' | 'album' | 'place';
  /** What the list shows. */
  name: string;
  /** Photos it finds (absent for filter names). */
  count?: number;
}

const LIMIT = 8;
const TYPES = ['image', 'jpeg', 'png', 'webp', 'gif', 'avif', 'bmp', 'heic', 'raw', 'video', 'live'];

const filterText = (key: string, value: string) => termText({ kind: 'filter', key: key as never, values: [value], op: '=', negated: false });

/** The filter each kind of name is typed as. */
const KEY_OF: Record<NameKind, string> = { label: 'label', category: 'category', person: 'person', camera: 'camera', lens: 'lens', album: 'album', keyword: 'keywords', place: 'place' };

const fixed = (kind: Suggestion['kind'], key: string, values: readonly string[], prefix: string): Suggestion[] =>
  values.filter((v) => v.startsWith(prefix)).map((v) => ({ text: filterText(key, v), kind, name: v }));

const byCount = (a: Suggestion, b: Suggestion) => (b.count ?? 0) - (a.count ?? 0) || a.name.localeCompare(b.name);

/**
 * Suggestions for the last word of a query as it is being typed: filter names (`lab` → `label:`),
 * then labels, people, cameras and so on, each with how many photos it finds (as shown: with
 * private photos hidden, a name only they carry is not suggested).
 */
export async function suggest(db: CatalogueReads, query: string, includePrivate = false): Promise<Suggestion[]> {
  if (/\s$/.test(query)) return [];
  const last = query.split(/\s+/).pop() ?? '';
  const negated = last.startsWith('-');
  const word = negated ? last.slice(1) : last;
  if (!word || word.includes('"')) return [];
  const filter = /^([a-z]+):(.*)$/i.exec(word);
  // Labels and categories are suggested as plain words, the rest as filters.
  const names = async (kind: NameKind, prefix: string, plain = false): Promise<Suggestion[]> =>
    (await db.namesStartingWith(kind, prefix, includePrivate)).map(({ name, count }) => ({ text: plain ? name : filterText(KEY_OF[kind], name), kind, name, count }));
  let out: Suggestion[];
  if (!filter) {
    const prefix = fold(word);
    const keys = FILTER_KEYS.filter((k) => k.startsWith(prefix)).map((k): Suggestion => ({ text: `${k}:`, kind: 'filter', name: `${k}:` }));
    const found = (await Promise.all([names('label', prefix, true), names('category', prefix, true), names('person', prefix), names('camera', prefix), names('album', prefix), names('place', prefix)])).flat();
    out = [...found.sort(byCount), ...keys];
  } else {
    const key = (filter[1] as string).toLowerCase();
    const prefix = fold(filter[2] as string);
    const reads: Record<string, () => Promise<Suggestion[]> | Suggestion[]> = {
      label: () => names('label', prefix),
      category: () => names('category', prefix),
      person: () => names('person', prefix),
      camera: () => names('camera', prefix),
      lens: () => names('lens', prefix),
      album: () => names('album', prefix),
      keywords: () => names('keyword', prefix),
      place: () => names('place', prefix),
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
