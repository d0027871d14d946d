import { lowerBound } from '../catalog/postings';
import type { MonthBucket } from '../catalog/timeline-repo';

/**
 * Photos as positions in the timeline's order (oldest first), and how the planner combines them.
 * A term's read gives `Positions` in any order, repeats allowed; the planner keeps each term's
 * photos `NewestFirst` (descending, each once), so that a query of one term is its answer as it
 * stands and several terms are merged, never marked across the whole order again.
 */
export type Positions = Uint32Array;

declare const newestFirstBrand: unique symbol;
/** Positions in descending order, each once: newest first, as answers are. */
export type NewestFirst = Uint32Array & { readonly [newestFirstBrand]: true };

/** A month and how many photos found it holds: the results grid lays out from these, as the timeline from its buckets. */
export type MonthCount = Pick<MonthBucket, 'month' | 'count'>;

export const NONE = new Uint32Array(0) as NewestFirst;

/**
 * Scratch for `combine`, kept between calls: a new array the order's length for every call (two
 * of them, several calls a query) was page faults, zero-filling and garbage (traced: 8 ms a query
 * at 100,000 photos). `marks[i]` says how far photo i got in the call that last saw it: a call's
 * marks start above every earlier call's (`base`), so nothing needs clearing.
 */
let marks = new Uint32Array(0);
let lastMark = 0;

/**
 * The photos in every positive list and in no negative one, as positions in an order of `n`
 * photos, newest first. The lists are walked smallest first: a photo is marked `base + k` when
 * it is in the first k (each list's repeats seen once), so after the last one the photos marked
 * `base + K` are the answer. They are read from the smallest list and sorted, or by walking the
 * order where sorting would cost more.
 */
export function combine(n: number, positive: readonly Positions[], negative: readonly Positions[]): NewestFirst {
  const lists = [...positive].sort((a, b) => a.length - b.length);
  const smallest = lists[0];
  if (!smallest?.length) return NONE;
  if (marks.length < n || lastMark > 0xffff_ffff - 2 * (lists.length + 2)) {
    marks = new Uint32Array(Math.max(n, marks.length));
    lastMark = 0;
  }
  const base = lastMark;
  const all = base + lists.length;
  // Past `all`: the photos taken away, and those already put in the answer.
  const out = all + 1;
  lastMark = out;
  lists.forEach((list, k) => {
    const before = base + k;
    const now = before + 1;
    for (let j = 0; j < list.length; j++) {
      const i = list[j] as number;
      const mark = marks[i] as number;
      if (mark === before || (k === 0 && mark <= base)) marks[i] = now;
    }
  });
  for (const list of negative) {
    for (let j = 0; j < list.length; j++) {
      const i = list[j] as number;
      if (marks[i] === all) marks[i] = out;
    }
  }
  // Sorting m candidates costs about m·log m; walking the order, n.
  if (smallest.length * Math.log2(smallest.length + 1) < n) {
    const picked = new Uint32Array(smallest.length);
    let count = 0;
    for (let j = 0; j < smallest.length; j++) {
      const i = smallest[j] as number;
      if (marks[i] !== all) continue;
      marks[i] = out;
      picked[count++] = i;
    }
    return picked.subarray(0, count).sort().reverse() as NewestFirst;
  }
  let count = 0;
  for (let i = 0; i < n; i++) if (marks[i] === all) count++;
  const found = new Uint32Array(count);
  for (let i = n - 1, k = 0; i >= 0; i--) if (marks[i] === all) found[k++] = i;
  return found as NewestFirst;
}

/** A read's photos newest first, each once (in an order of `n` photos). */
export const newestFirst = (n: number, list: Positions): NewestFirst => combine(n, [list], []);

/** Where merging stops and each of the smaller list's photos is looked up in the larger by halving. */
const GALLOP = 16;

/** The first index from `from` on where the descending `list` holds `value` or less. */
function atOrBelow(list: NewestFirst, value: number, from: number): number {
  // Doubling steps from `from`, then halving: a lookup near the last one costs a few steps.
  let step = 1;
  let lo = from;
  let hi = from;
  while (hi < list.length && (list[hi] as number) > value) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, list.length);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) > value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The photos of `a` that are (`keep` true) or are not in `b`; both newest first. */
function sift(a: NewestFirst, b: NewestFirst, keep: boolean): NewestFirst {
  if (!b.length) return keep ? NONE : a;
  const out = new Uint32Array(a.length);
  let n = 0;
  let j = 0;
  const gallop = b.length > GALLOP * a.length;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    if (gallop) j = atOrBelow(b, x, j);
    else while (j < b.length && (b[j] as number) > x) j++;
    if ((j < b.length && b[j] === x) === keep) out[n++] = x;
  }
  return (n === a.length ? a : out.subarray(0, n)) as NewestFirst;
}

/**
 * The photos in every positive list and in no negative one, newest first: the smallest list
 * merged with the next smallest and so on, each step no longer than the smaller list (or looked
 * up by halving in a list much larger). A single list with nothing taken away is the answer as is.
 */
export function inAll(positive: readonly NewestFirst[], negative: readonly NewestFirst[]): NewestFirst {
  const [smallest, ...rest] = [...positive].sort((a, b) => a.length - b.length);
  let found = smallest ?? NONE;
  for (const list of rest) {
    if (!found.length) break;
    found = sift(found, list, true);
  }
  for (const list of negative) {
    if (!found.length) break;
    found = sift(found, list, false);
  }
  return found;
}

/**
 * How many photos found each month holds, newest first. `months` is each position's month,
 * never decreasing along the order (the order is by time): a month's photos found are a run of
 * `found`, whose end is found by halving, so the cost grows with the months, not the photos.
 */
export function monthCounts(found: NewestFirst, months: ArrayLike<number>): MonthCount[] {
  const buckets: MonthCount[] = [];
  let k = 0;
  while (k < found.length) {
    const p = found[k] as number;
    const month = months[p] as number;
    // Found photos from the month's first position on are this month's.
    const next = atOrBelow(found, lowerBound(months, month) - 1, k + 1);
    buckets.push({ month, count: next - k });
    k = next;
  }
  return buckets;
}
