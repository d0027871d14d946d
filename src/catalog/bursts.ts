import { hamming } from './near-duplicates';

/**
 * Bursts: shots seconds apart that are nearly the same picture, which the person may stack as one
 * (burst-repo.ts). Never all pairs: the photos are walked in time order and each is compared with
 * the few taken just before it (at most BURST_WINDOW photos within BURST_SECONDS), by perceptual hash.
 */

/** Frames of one burst are at most this far apart, one after the other. */
export const BURST_SECONDS = 5;

/** No photo is compared with more than this many taken before it (a folder of photos sharing one time cannot make the walk quadratic). */
export const BURST_WINDOW = 50;

/**
 * The hash distance between two frames of a burst. Hand-held frames a second apart move and
 * change light, so farther than a copy (near-duplicates.ts THRESHOLD, 14): the frames of
 * tests/fixtures/bursts are 2–12 bits from the frame before; distinct photos of one subject
 * (a pan, a zoom) measured 24 or more (tests/unit/bursts.test.ts).
 */
export const BURST_THRESHOLD = 18;

export interface Timed {
  id: string;
  takenAt: number;
  hash: string;
}

/** Pairs of photos (indexes into `photos`, sorted by time) near enough in time and hash to be frames of one burst. */
export function burstPairs(photos: readonly Timed[], threshold = BURST_THRESHOLD): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < photos.length; i++) {
    const p = photos[i] as Timed;
    for (let j = i - 1; j >= 0 && j >= i - BURST_WINDOW; j--) {
      const q = photos[j] as Timed;
      if (p.takenAt - q.takenAt > BURST_SECONDS * 1000) break;
      if (hamming(p.hash, q.hash) <= threshold) pairs.push([j, i]);
    }
  }
  return pairs;
}

/** The groups (two or more, in the given order) the pairs join, a frame of a frame in its burst (union–find). */
export function joinPairs<T>(items: readonly T[], pairs: readonly [number, number][]): T[][] {
  const parent = Int32Array.from(items, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  for (const [a, b] of pairs) {
    const [ra, rb] = [root(a), root(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  const groups = new Map<number, T[]>();
  items.forEach((item, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), item]));
  return [...groups.values()].filter((g) => g.length > 1);
}
