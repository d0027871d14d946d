import Dexie from 'dexie';
import type { ShoeboxDb } from './db';
import type { Hidden, PhotoRow } from './types';

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
 * only, whether private photos are shown or not: `hidden` 2, in every view above. So is a near
 * duplicate the person hid under the copy they kept (`duplicateOf`, duplicate-repo.ts).
 */

/**
 * `hidden` for the index: folded into a stack or hidden as a duplicate (2) before archived (3, or 4 when private too, so
 * the archive leaves private photos out as the timeline does) before private (1) before shown (0).
 */
export const hiddenOf = (p: Pick<PhotoRow, 'private' | 'folded' | 'archived' | 'duplicateOf'>): Hidden =>
  p.folded || p.duplicateOf ? 2 : p.archived ? (p.private ? 4 : 3) : p.private ? 1 : 0;

/** The `hidden` values the archive shows. */
export const archivedLevels = (includePrivate: boolean): (3 | 4)[] => (includePrivate ? [3, 4] : [3]);

/** The `hidden` values a view shows. */
export const shownLevels = (includePrivate: boolean): (0 | 1)[] => (includePrivate ? [0, 1] : [0]);

/** The photos with this `hidden` flag taken in [from, to], in timeline order: the visibility-first index. */
export function byVisibility(db: ShoeboxDb, hidden: Hidden, from = -Infinity, to = Infinity) {
  return db.photos.where('[hidden+takenAt+id]').between([hidden, from, Dexie.minKey], [hidden, to, Dexie.maxKey], true, true);
}

/** The levels a view leaves out: folded and archived photos always, private ones unless shown. */
const hiddenLevels = (includePrivate: boolean): Exclude<Hidden, 0>[] => (includePrivate ? [2, 3, 4] : [1, 2, 3, 4]);

/** The ids a view leaves out (folded, and private unless shown): keys only, through the index. */
export async function hiddenPhotoIds(db: ShoeboxDb, includePrivate: boolean): Promise<Set<string>> {
  const lists = await Promise.all(hiddenLevels(includePrivate).map((h) => byVisibility(db, h).primaryKeys() as Promise<string[]>));
  return new Set(lists.flat());
}

/** A month's photo count as the timeline shows it. */
export const shownCount = (bucket: { count: number; visible: number }, includePrivate: boolean) => (includePrivate ? bucket.count : bucket.visible);

/** The multiEntry indexes that name photos: labels, categories, and search terms (albums, cameras, keywords). */
export type NameIndex = 'labels' | 'categories' | 'terms';

/** The whole-name terms views count (suggestions, albums): cameras, lenses, albums, keywords. */
const NAMED_TERMS = /^(model|lensname|album|albumname|kw|place):/;

/** One `hiddenNames` entry: a hidden photo's level, one of its names (`labels:cat`), and its id. */
export type HiddenName = [level: Exclude<Hidden, 0>, name: string, id: string];

/**
 * `hiddenNames` for the index (derived on every write, db.ts): what a hidden photo stands for, so
 * a view counts and skips hidden photos per name through the index, without reading their rows.
 * Empty for a shown photo. The id in each entry lets a view ask whether one photo is hidden.
 */
export function hiddenNamesOf(p: Pick<PhotoRow, 'id' | 'hidden' | 'labels' | 'categories' | 'terms'>): HiddenName[] {
  const level = p.hidden;
  if (!level) return [];
  const names = [
    ...(p.labels ?? []).map((v) => `labels:${v}`),
    ...(p.categories ?? []).map((v) => `categories:${v}`),
    ...(p.terms ?? []).filter((t) => NAMED_TERMS.test(t)).map((t) => `terms:${t}`),
  ];
  return [...new Set(names)].map((name) => [level, name, p.id]);
}

/** How many photos a name stands for, and one to show for it. */
export interface Shown {
  count: number;
  cover: string;
}

/** What a derived view may count and show (see `shownPhotos`). */
export interface Visibility {
  /**
   * A name's photos as shown: its count and a cover that is not hidden, or undefined when none
   * shows. `stored` is a kept count and cover (the labelCounts table), else both are read
   * through the index. Reads index keys, never a photo's row.
   */
  name(index: NameIndex, value: string, stored?: Shown): Promise<Shown | undefined>;
}

/**
 * The rule for one view: a name's count is its index count less its hidden photos, counted
 * through the `hiddenNames` index (folded, and private unless shown); a kept cover is checked
 * there too, and another found among the name's first hidden-count + 1 photos only when it is
 * hidden. No hidden photo's row is read, so the cost does not grow with the private photos a
 * library holds but with the hidden photos carrying the names asked for (counted, not read, unless
 * a cover must be replaced). Call it inside the view's read transaction so counts agree.
 */
export async function shownPhotos(db: ShoeboxDb, includePrivate: boolean): Promise<Visibility> {
  const levels = hiddenLevels(includePrivate);
  const hiddenRange = (level: Exclude<Hidden, 0>, name: string) => db.photos.where('hiddenNames').between([level, name], [level, name, Dexie.maxKey], true, true);
  const isHidden = async (name: string, id: string) => (await Promise.all(levels.map((l) => db.photos.where('hiddenNames').equals([l, name, id]).count()))).some((n) => n > 0);
  return {
    async name(index, value, stored) {
      const name = `${index}:${value}`;
      const range = () => db.photos.where(index).equals(value);
      const [total, ...hiddenCounts] = await Promise.all([stored?.count ?? range().count(), ...levels.map((l) => hiddenRange(l, name).count())]);
      const hiddenCount = hiddenCounts.reduce((a, b) => a + b, 0);
      const count = total - hiddenCount;
      if (count <= 0) return undefined;
      if (stored && !(hiddenCount && (await isHidden(name, stored.cover)))) return { count, cover: stored.cover };
      if (!hiddenCount) return { count, cover: ((await range().limit(1).primaryKeys())[0] as string | undefined) ?? '' };
      // Of any hidden-count + 1 of the name's photos, at least one is shown: keys only, both lists.
      const [first, hidden] = await Promise.all([
        range().limit(hiddenCount + 1).primaryKeys() as Promise<string[]>,
        Promise.all(levels.map((l) => hiddenRange(l, name).keys())),
      ]);
      const ids = new Set(hidden.flat().map((k) => (k as unknown as HiddenName)[2]));
      return { count, cover: first.find((id) => !ids.has(id)) ?? '' };
    },
  };
}
