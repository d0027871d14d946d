import type { ShoeboxDb } from './db';
import { asShown } from './face-repo';
import type { PersonRow } from './types';
import { shownPhotos, type Visibility } from './visibility';

/** The kinds of name the search box suggests from the catalogue. */
export type NameKind = 'label' | 'category' | 'person' | 'camera' | 'lens' | 'album' | 'keyword' | 'place';

/** A name and how many photos (as shown) carry it. */
export interface CountedName {
  name: string;
  count: number;
}

/** How many names of a kind are counted for one prefix: labels, categories and people; the rest. */
export const NAMES_READ = { labels: 200, others: 50 } as const;

/** Labels or categories starting with the prefix, from the labelCounts table's key. */
async function labels(db: ShoeboxDb, shown: Visibility, kind: 'label' | 'category', prefix: string): Promise<CountedName[]> {
  const rows = await db.labelCounts.where('key').startsWith(`${kind}:${prefix}`).limit(NAMES_READ.labels).toArray();
  const counts = await Promise.all(rows.map((r) => shown.name(kind === 'label' ? 'labels' : 'categories', r.name, r)));
  return rows.flatMap((r, i) => {
    const count = counts[i]?.count;
    return count ? [{ name: r.name, count }] : [];
  });
}

async function people(db: ShoeboxDb, includePrivate: boolean, prefix: string): Promise<CountedName[]> {
  const rows = (await db.people.where('nameKey').startsWith(prefix).limit(NAMES_READ.labels).toArray()) as (PersonRow & { id: number })[];
  const seen = await asShown(db, rows.filter((p) => p.name), includePrivate);
  return seen.map((p) => ({ name: p.name as string, count: p.photoCount }));
}

/** The whole names kept as terms (terms.ts): `model:` cameras, `lensname:` lenses, `album:`, `kw:` keywords, `place:` towns, regions and countries. */
export const TERM_OF = { camera: 'model', lens: 'lensname', album: 'album', keyword: 'kw', place: 'place' } as const;

async function named(db: ShoeboxDb, shown: Visibility, term: string, prefix: string): Promise<CountedName[]> {
  const names = ((await db.photos.where('terms').startsWith(`${term}:${prefix}`).uniqueKeys()) as string[]).slice(0, NAMES_READ.others);
  const counts = await Promise.all(names.map((n) => shown.name('terms', n)));
  return names.flatMap((n, i) => {
    const count = counts[i]?.count;
    return count ? [{ name: n.slice(term.length + 1), count }] : [];
  });
}

/**
 * Names of one kind starting with a (folded) prefix, each with how many photos it finds. Every
 * read is an index prefix range. Counts are as shown (visibility.ts): with private photos hidden,
 * a name only they carry is left out.
 */
export async function namesStartingWith(db: ShoeboxDb, kind: NameKind, prefix: string, includePrivate: boolean): Promise<CountedName[]> {
  if (kind === 'person') return people(db, includePrivate, prefix);
  const shown = await shownPhotos(db, includePrivate);
  if (kind === 'label' || kind === 'category') return labels(db, shown, kind, prefix);
  return named(db, shown, TERM_OF[kind], prefix);
}
