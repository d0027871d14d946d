import Dexie from 'dexie';
import type { ShoeboxDb } from './db';
import type { PhotoRow } from './types';

/**
 * The one private-photo rule, for every view derived from photos.
 *
 * A photo is private when the person says so (their Private toggle always wins), else when the
 * NSFW model does; `hidden` mirrors it for the `[hidden+takenAt+id]` index. Until "Show private
 * photos" is on, no view counts or shows a private photo: the timeline and its month counts,
 * search results, label, category and album lists (counts and covers), search suggestions
 * (counts), people (counts and covers). A name whose photos are all private is not listed.
 * With private photos shown, every view counts them all.
 */

/** The photos with this `hidden` flag taken in [from, to], in timeline order: the visibility-first index. */
export function byVisibility(db: ShoeboxDb, hidden: 0 | 1, from = -Infinity, to = Infinity) {
  return db.photos.where('[hidden+takenAt+id]').between([hidden, from, Dexie.minKey], [hidden, to, Dexie.maxKey], true, true);
}

/** The private photos' ids when they are hidden, none when shown: keys only, through the index. */
export async function hiddenPhotoIds(db: ShoeboxDb, includePrivate: boolean): Promise<Set<string>> {
  return new Set(includePrivate ? [] : ((await byVisibility(db, 1).primaryKeys()) as string[]));
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
 * Read the rule for one view: with private photos hidden, the private photos' names (their rows
 * through the visibility-first index: few, usually), so a name's count is its index count less its
 * hidden photos, and a cover is found among its first hidden-count + 1 photos. Call it inside the
 * view's read transaction so counts and hidden photos agree.
 */
export async function shownPhotos(db: ShoeboxDb, includePrivate: boolean): Promise<Visibility> {
  const hidden = includePrivate ? [] : await byVisibility(db, 1).toArray();
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
