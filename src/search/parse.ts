import { PALETTE } from '../imaging/colors';
import { MONTH_NAMES } from './calendar';

/**
 * The search language, PhotoPrism-style: free words plus `key:value` filters, quoted values
 * (`person:"Ann Lee"`), negation (`-label:dog`), OR within a filter (`label:cat|dog`) and
 * comparisons where they make sense (`rating:>=4`). Parsing never throws: what it cannot read
 * becomes an error message for the person, and the rest of the query still works.
 */

export const FILTER_KEYS = [
  'label', 'category', 'person', 'year', 'month', 'day', 'before', 'after', 'camera', 'lens', 'color', 'mono',
  'favorite', 'private', 'portrait', 'panorama', 'folder', 'filename', 'type', 'lat', 'lng', 'dist', 'near',
  'album', 'keywords', 'title', 'rating', 'damaged', 'missing', 'duration', 'archived', 'place', 'country', 'similar', 'area',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export type Comparison = '=' | '>' | '>=' | '<' | '<=';

export type Term =
  | { kind: 'word'; text: string; negated: boolean }
  | { kind: 'filter'; key: FilterKey; values: string[]; op: Comparison; negated: boolean };

export interface ParseError {
  /** The piece of the query it is about, as typed. */
  token: string;
  message: string;
}

export interface ParsedQuery {
  terms: Term[];
  errors: ParseError[];
}

const BOOLEANS: Record<string, string> = { true: 'true', yes: 'true', '1': 'true', false: 'false', no: 'false', '0': 'false' };
const TYPES = ['image', 'jpeg', 'jpg', 'png', 'webp', 'gif', 'avif', 'bmp', 'heic', 'tiff', 'raw', 'video', 'live'];

/** Split on spaces outside double quotes; a quote may open mid-token (`person:"Ann Lee"`). */
function tokens(query: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of query) {
    if (c === '"') quoted = !quoted;
    if (!quoted && /\s/.test(c)) {
      if (current) out.push(current);
      current = '';
    } else current += c;
  }
  if (current) out.push(current);
  return out;
}

const unquote = (s: string) => s.replace(/"/g, '').trim();

/** A length in seconds: `90`, `12.5`, `45s` or `1:30` (minutes and seconds). */
function seconds(value: string): number | undefined {
  const clock = /^(\d+):([0-5]\d(?:\.\d+)?)$/.exec(value);
  if (clock) return Number(clock[1]) * 60 + Number(clock[2]);
  const plain = /^(\d+(?:\.\d+)?)s?$/.exec(value);
  return plain ? Number(plain[1]) : undefined;
}
const isoDate = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/** Check and normalise one filter value; a string is the error message. */
function checkValue(key: FilterKey, raw: string): string | { value: string } {
  const value = raw.toLowerCase();
  const number = Number(value);
  switch (key) {
    case 'year':
      return /^\d{4}$/.test(value) ? { value } : `year: wants a year such as 2019, not “${raw}”.`;
    case 'month': {
      const named = MONTH_NAMES.findIndex((m) => m === value || (value.length >= 3 && m.startsWith(value)));
      if (named >= 0) return { value: String(named + 1) };
      return Number.isInteger(number) && number >= 1 && number <= 12 ? { value: String(number) } : `month: wants 1–12 or a month's name, not “${raw}”.`;
    }
    case 'day':
      return Number.isInteger(number) && number >= 1 && number <= 31 ? { value: String(number) } : `day: wants 1–31, not “${raw}”.`;
    case 'before':
    case 'after':
      return isoDate.test(value) ? { value } : `${key}: wants a date such as 2019-07-14 (or 2019-07, or 2019), not “${raw}”.`;
    case 'color':
      return (PALETTE as readonly string[]).includes(value) || value === 'gray' ? { value: value === 'gray' ? 'grey' : value } : `color: knows ${PALETTE.join(', ')}; not “${raw}”.`;
    case 'mono':
    case 'favorite':
    case 'private':
    case 'portrait':
    case 'panorama':
    case 'damaged':
    case 'missing':
    case 'archived':
      return BOOLEANS[value] ? { value: BOOLEANS[value] as string } : `${key}: wants true or false, not “${raw}”.`;
    case 'type':
      return TYPES.includes(value) ? { value: value === 'jpg' ? 'jpeg' : value } : `type: knows ${TYPES.join(', ')}; not “${raw}”.`;
    case 'lat':
      return Number.isFinite(number) && Math.abs(number) <= 90 ? { value: String(number) } : `lat: wants a latitude between -90 and 90, not “${raw}”.`;
    case 'lng':
      return Number.isFinite(number) && Math.abs(number) <= 180 ? { value: String(number) } : `lng: wants a longitude between -180 and 180, not “${raw}”.`;
    case 'dist':
      return Number.isFinite(number) && number > 0 ? { value: String(number) } : `dist: wants a distance in km, not “${raw}”.`;
    case 'area': {
      // south,west,north,east in degrees (the map's view); west > east crosses the antimeridian.
      const [south, west, north, east] = value.split(',').map(Number);
      const ok = [south, west, north, east].every((x) => x !== undefined && Number.isFinite(x)) && value.split(',').length === 4
        && Math.abs(south as number) <= 90 && Math.abs(north as number) <= 90 && (south as number) <= (north as number)
        && Math.abs(west as number) <= 180 && Math.abs(east as number) <= 180;
      return ok ? { value: [south, west, north, east].join(',') } : `area: wants south,west,north,east in degrees (38.5,-9.6,41.2,-8.5), not “${raw}”.`;
    }
    case 'rating':
      return Number.isInteger(number) && number >= 0 && number <= 5 ? { value: String(number) } : `rating: wants 0–5 stars, not “${raw}”.`;
    case 'duration': {
      const s = seconds(value);
      return s !== undefined ? { value: String(s) } : `duration: wants seconds (30, or 1:30), not “${raw}”.`;
    }
    default:
      return value ? { value } : `${key}: wants a value.`;
  }
}

/** Edits (insertions, deletions, substitutions) between two short words. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] as number;
}

/** The filter a mistyped key most likely meant ("colour" → color, "lable" → label), if one is close. */
const KEY_ALIASES: Record<string, FilterKey> = { colour: 'color', tag: 'keywords', tags: 'keywords', keyword: 'keywords', people: 'person', fav: 'favorite', favourite: 'favorite', file: 'filename', path: 'folder' };
export function closestKey(key: string): FilterKey | undefined {
  if (KEY_ALIASES[key]) return KEY_ALIASES[key];
  let best: FilterKey | undefined;
  const bestDistance = key.length <= 4 ? 1 : 2;
  for (const k of FILTER_KEYS) {
    const d = editDistance(key, k);
    if (d <= bestDistance && (best === undefined || d < editDistance(key, best))) best = k;
  }
  return best;
}

const COMPARABLE: ReadonlySet<FilterKey> = new Set(['rating', 'year', 'duration']);

/** Read a query; unknown keys and bad values become errors, never silence. */
export function parseQuery(query: string): ParsedQuery {
  const terms: Term[] = [];
  const errors: ParseError[] = [];
  for (const token of tokens(query)) {
    const negated = token.startsWith('-') && token.length > 1;
    const body = negated ? token.slice(1) : token;
    const filter = /^([a-z]+):(.*)$/i.exec(body);
    if (!filter) {
      const text = unquote(body).toLowerCase();
      if (text) terms.push({ kind: 'word', text, negated });
      continue;
    }
    const key = (filter[1] as string).toLowerCase();
    if (!(FILTER_KEYS as readonly string[]).includes(key)) {
      const guess = closestKey(key);
      errors.push({ token, message: guess ? `Unknown filter “${key}:”. Did you mean ${guess}:?` : `Unknown filter “${key}:”. Filters: ${FILTER_KEYS.map((k) => `${k}:`).join(' ')}` });
      continue;
    }
    let rest = filter[2] as string;
    let op: Comparison = '=';
    const comparison = /^(>=|<=|>|<)/.exec(rest);
    if (comparison) {
      if (!COMPARABLE.has(key as FilterKey)) {
        errors.push({ token, message: `${key}: cannot be compared with ${comparison[1]}; only rating:, year: and duration: can.` });
        continue;
      }
      op = comparison[1] as Comparison;
      rest = rest.slice(op.length);
    }
    const values: string[] = [];
    let bad: string | undefined;
    for (const part of rest.split('|')) {
      const checked = checkValue(key as FilterKey, unquote(part));
      if (typeof checked === 'string') bad ??= checked;
      else if (!values.includes(checked.value)) values.push(checked.value);
    }
    if (bad || !values.length) {
      errors.push({ token, message: bad ?? `${key}: wants a value.` });
      continue;
    }
    terms.push({ kind: 'filter', key: key as FilterKey, values, op, negated });
  }
  return { terms, errors };
}

/** A term as the person would type it: for chips, and to rebuild the query without one term. */
export function termText(term: Term): string {
  const quote = (v: string) => (/[\s|"]/.test(v) ? `"${v.replace(/"/g, '')}"` : v);
  if (term.kind === 'word') return `${term.negated ? '-' : ''}${quote(term.text)}`;
  return `${term.negated ? '-' : ''}${term.key}:${term.op === '=' ? '' : term.op}${term.values.map(quote).join('|')}`;
}

/** The query that parses to these terms (round-trips through parseQuery). */
export function queryText(terms: readonly Term[]): string {
  return terms.map(termText).join(' ');
}

/** The app's link to a search (`#/?q=…`, the library view); an empty query links to the timeline. */
export const searchLink = (query: string): string => (query.trim() ? `#/?q=${encodeURIComponent(query.trim())}` : '#/');
