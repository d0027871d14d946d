import Dexie from 'dexie';
import type { ShoeboxDb } from './db';
import type { PhotoRow } from './types';

/**
 * The one visibility rule, for every view derived from photos: private photos, and photos folded
 * into a stack.
 *
 * A photo is private when the person says so (their Private toggle always wins), else when the
 * NSFW model does; `hidden` mirrors it for the `[hidden+takenAt+id]` index. Until "Show private
 * photos" is on, no view counts or shows a private photo: the timeline and its month counts,
 * search results, label, category and album lists (counts and covers), search suggestions
 * (counts), people (counts and covers). A name whose photos are all private is not listed.
 * With private photos shown, every view counts them all.
 *
 * A photo folded into a stack (a RAW under its JPEG, a burst's frames under its cover, a Live
 * Photo's MOV under its still: see stack-rules.ts) is shown and counted through its stack's top
 * only, whether private photos are shown or not: `hidden` 2, in every view above.
 */

/** `hidden` for the index: folded into a stack (2) before private (1) before shown (0). */
export const hiddenOf = (p: Pick<PhotoRow, 'private' | 'folded'>): 0 | 1 | 2 => (p.folded ? 2 : p.private ? 1 : 0);

/** The `hidden` values a view shows. */
export const shownLevels = (includePrivate: boolean): (0 | 1)[] => (includePrivate ? [0, 1] : [0]);

/** The photos with this `hidden` flag taken in [from, to], in timeline order: the visibility-first index. */
export function byVisibility(db: ShoeboxDb, hidden: 0 | 1 | 2, from = -Infinity, to = Infinity) {
  return db.photos.where('[hidden+takenAt+id]').between([hidden, from, Dexie.minKey], [hidden, to, Dexie.maxKey], true, true);
}

/** The levels a view leaves out: folded photos always, private ones unless shown. */
const hiddenLevels = (includePrivate: boolean): (1 | 2)[] => (includePrivate ? [2] : [1, 2]);

/** The ids a view leaves out (folded, and private unless shown): keys only, through the index. */
export async function hiddenPhotoIds(db: ShoeboxDb, includePrivate: boolean): Promise<Set<string>> {
  const lists = await Promise.all(hiddenLevels(includePrivate).map((h) => byVisibility(db, h).primaryKeys() as Promise<string[]>));
  return new Set(lists.flat());
}

/** A month's photo count as the timeline shows it. */
export const shownCount = (bucket: { count: number; visible: number }, includePrivate: boolean) => (includePrivate ? bucket.count : bucket.visible);

/** The multiEntry indexes that name photos: labels, categories, and search terms (albums, cameras, keywords). */
export type NameIndex = 'labels' | 'categories' | 'terms';

/** How many photos a name stands for, and one to show for it. */
export interface Shown {
  count: number;
  cover: string;
}

/** What a derived view may count and show (read once per view, see `shownPhotos`). */
export interface Visibility {
  /** Whether a photo may be counted and shown. */
  shows(id: string): boolean;
  /**
   * A name's photos as shown: its count and a cover that is not hidden, or undefined when none
   * shows. `stored` is a kept count and cover (the labelCounts table), else both are read
   * through the index. Reads only what hidden photos change.
   */
  name(index: NameIndex, value: string, stored?: Shown): Promise<Shown | undefined>;
}

/**
 * Read the rule for one view: the names of the photos it leaves out (folded, and private unless
 * shown; their rows through the visibility-first index: few, usually, but one per RAW + JPEG
 * pair in a library shot that way), so a name's count is its index count less its
 * hidden photos, and a cover is found among its first hidden-count + 1 photos. Call it inside the
 * view's read transaction so counts and hidden photos agree.
 */
export async function shownPhotos(db: ShoeboxDb, includePrivate: boolean): Promise<Visibility> {
  const hidden = (await Promise.all(hiddenLevels(includePrivate).map((h) => byVisibility(db, h).toArray()))).flat();
  const ids = new Set(hidden.map((p) => p.id));
  const hiddenWith = new Map<string, number>();
  const add = (index: NameIndex, values: readonly string[] | undefined) => {
    for (const v of new Set(values)) hiddenWith.set(`${index}\u0000${v}`, (hiddenWith.get(`${index}\u0000${v}`) ?? 0) + 1);
  };
  for (const p of hidden as PhotoRow[]) {
    add('labels', p.labels);
    add('categories', p.categories);
    add('terms', p.terms);
  }
  const shows = (id: string) => !ids.has(id);
  return {
    shows,
    async name(index, value, stored) {
      const range = () => db.photos.where(index).equals(value);
      const hiddenCount = hiddenWith.get(`${index}\u0000${value}`) ?? 0;
      const total = stored?.count ?? (await range().count());
      const count = total - hiddenCount;
      if (count <= 0) return undefined;
      if (stored && shows(stored.cover)) return { count, cover: stored.cover };
      // Of any hidden-count + 1 of the name's photos, at least one is shown.
      const first = (await range().limit(hiddenCount + 1).primaryKeys()) as string[];
      return { count, cover: first.find(shows) ?? '' };
    },
  };
}
