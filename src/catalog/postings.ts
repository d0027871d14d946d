import type { ObservabilitySet } from 'dexie';
import type { ShoeboxDb } from './db';
import type { PhotoLogRow, PhotoRow, PostingsRow } from './types';
import { monthOf, monthSpan } from './timeline-repo';
import { Numbering, numberedIds, type OrderIds } from './numbering';

/**
 * The photos' multiEntry indexes (terms, labels, categories, colours) held in memory by the search
 * worker: for every key, the photos that carry it, as a sorted list of photo numbers. IndexedDB
 * stays the source of truth. The lists answer for a position in the photos' change log (db.ts
 * `photoLogging`: every write of photos logs the ids it wrote, in the same transaction): they are
 * kept current by reading the log after that position and the photos it names, whenever a change
 * event (Dexie's `storagemutated`, from any tab or worker) says something changed. They are saved
 * when the worker is idle (`save`), with their position; a reopened library loads them and reads
 * only what was logged since, instead of reading every photo again (the first time, or after a
 * schema upgrade, they are read in pages while the page is idle). Until they are there, search
 * reads IndexedDB as before (search-reads.ts).
 *
 * Why: a search is a handful of key lookups and intersections. Read from IndexedDB, one common key
 * (`month:7`, a label on 10,000 photos) costs tens of milliseconds of copying keys across; from
 * memory it costs what it takes to name the ids.
 */

export type PostedIndex = 'terms' | 'labels' | 'categories' | 'colors';
const INDEXES: readonly PostedIndex[] = ['terms', 'labels', 'categories', 'colors'];
/**
 * Photos read per transaction while building: the worker turns each page of rows into objects in
 * one task (about 15 ms for 250), and a search arriving meanwhile waits for that task only.
 */
const PAGE = 250;
/** The saved postings' layout (PostingsRow): saved ones of another are read again from the photos. */
const FORMAT = 3;
/** The level of a photo number not in the timeline's index (gone, or no valid date): above every `hidden`. */
const NOT_SHOWN = 255;
/**
 * Changed photos of loaded postings whose keys are looked for in the lists before every photo's
 * are worked out (at a million photos, a lookup is milliseconds and working them all out 0.75 s).
 */
const UNFOLD_AFTER = 64;

/** The timeline's order as the postings know it (`PhotoPostings.order`). */
export interface PostedOrder {
  ids: OrderIds;
  taken: Float64Array;
  months: Int32Array;
  /** Photo number → its position in `ids` (-1: not there). */
  slotPositions: Int32Array;
  /**
   * Where a photo stands in `ids` (-1: not there), through its number: no map of the order's ids
   * (at a million photos such a map took 1.7–2.4 s to make, in one task, and 60 MB).
   */
  positionOf(id: string): number;
}

/** The keys a photo is found by, one string per index entry (`labels\u0000dog`). */
function keysOf(photo: Pick<PhotoRow, PostedIndex>): string[] {
  const keys: string[] = [];
  for (const index of INDEXES) for (const value of new Set(photo[index] ?? [])) keys.push(`${index}\u0000${value}`);
  return keys;
}

/** Two sorted lists of strings as one (in the order of JavaScript's `sort`: by UTF-16 code units). */
function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out = new Array<string>(a.length + b.length);
  let [i, j, k] = [0, 0, 0];
  while (i < a.length && j < b.length) out[k++] = (b[j] as string) < (a[i] as string) ? (b[j++] as string) : (a[i++] as string);
  while (i < a.length) out[k++] = a[i++] as string;
  while (j < b.length) out[k++] = b[j++] as string;
  return out;
}

/** Visibility level → 1 for these levels (a lookup table: a photo's level is one byte). */
function wantedLevels(levels: readonly number[]): Uint8Array {
  const wanted = new Uint8Array(NOT_SHOWN + 1);
  for (const level of levels) wanted[level] = 1;
  return wanted;
}

/** The first position in an ascending list not below `value`. */
export function lowerBound<T extends number | string>(list: ArrayLike<T>, value: T): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as T) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Photo numbers in the timeline's order: by when taken, then by id (the `[hidden+takenAt+id]`
 * index's order). The times are sorted by their bits, 16 at a time (a radix sort: a double's bits,
 * the sign's flipped, or every bit of a negative one, sort as the numbers do); only photos taken at
 * the same moment are then sorted by id. One sort with a comparator took about 2 s at a million
 * photos in the search worker, in one task; this about a fifth of that (measured in Node: 550 ms
 * against 170–240). `byId` orders two photo numbers by their ids.
 */
export function inTimelineOrder(slots: Uint32Array, taken: ArrayLike<number>, byId: (a: number, b: number) => number): Uint32Array {
  const n = slots.length;
  const times = new Float64Array(n);
  const words = new Uint32Array(times.buffer);
  // + 0: -0 and 0 are the same moment.
  for (let i = 0; i < n; i++) times[i] = (taken[slots[i] as number] as number) + 0;
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1] as number;
    const l = words[2 * i] as number;
    const negative = h >>> 31 === 1;
    hi[i] = negative ? ~h >>> 0 : (h | 0x8000_0000) >>> 0;
    lo[i] = negative ? ~l >>> 0 : l;
  }
  let at = Uint32Array.from({ length: n }, (_, i) => i);
  let [hiTo, loTo, atTo] = [new Uint32Array(n), new Uint32Array(n), new Uint32Array(n)];
  const counts = new Uint32Array(1 << 16);
  for (const [high, shift] of [[false, 0], [false, 16], [true, 0], [true, 16]] as const) {
    const key = high ? hi : lo;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const digit = ((key[i] as number) >>> shift) & 0xffff;
      counts[digit] = (counts[digit] as number) + 1;
    }
    // A digit every time shares (the high bits of dates decades apart) needs no pass.
    if (counts[((key[0] as number) >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < counts.length; d++) {
      const count = counts[d] as number;
      counts[d] = sum;
      sum += count;
    }
    for (let i = 0; i < n; i++) {
      const digit = ((key[i] as number) >>> shift) & 0xffff;
      const to = counts[digit] as number;
      counts[digit] = to + 1;
      hiTo[to] = hi[i] as number;
      loTo[to] = lo[i] as number;
      atTo[to] = at[i] as number;
    }
    [hi, hiTo, lo, loTo, at, atTo] = [hiTo, hi, loTo, lo, atTo, at];
  }
  const out = Uint32Array.from(at, (i) => slots[i] as number);
  for (let start = 0, end = 1; start < n; start = end, end = start + 1) {
    while (end < n && hi[end] === hi[start] && lo[end] === lo[start]) end++;
    if (end - start > 1) out.subarray(start, end).sort(byId);
  }
  return out;
}

/** A growable list of photo numbers, sorted on demand (photos added in order keep it sorted). */
class SlotList {
  private items: Uint32Array = new Uint32Array(4);
  size = 0;
  private sorted = true;

  /** A list of these sorted numbers (the array is taken over: copied only when it grows). */
  static of(sorted: Uint32Array): SlotList {
    const list = new SlotList();
    list.items = sorted;
    list.size = sorted.length;
    return list;
  }

  add(slot: number): void {
    if (this.size === this.items.length) {
      const grown = new Uint32Array(Math.max(4, this.items.length * 2));
      grown.set(this.items);
      this.items = grown;
    }
    if (this.size && (this.items[this.size - 1] as number) > slot) this.sorted = false;
    this.items[this.size++] = slot;
  }

  remove(slot: number): void {
    const view = this.view();
    const lo = lowerBound(view, slot);
    if (view[lo] !== slot) return;
    this.items.copyWithin(lo, lo + 1, this.size);
    this.size--;
  }

  view(): Uint32Array {
    const live = this.items.subarray(0, this.size);
    if (!this.sorted) {
      live.sort();
      this.sorted = true;
    }
    return live;
  }
}

/** The smallest pool of keys (small enough that the tests' few photos fill it again and again). */
const MIN_POOL = 64;

/**
 * Each photo number's key numbers, end to end in one array: a count, then that many keys. A
 * photo's own Uint32Array each was a million small objects at a million photos, more than half
 * the search worker's heap (the postings of a million photos built in Node: 448 MB of heap with
 * them, 169 MB as here), all walked by every full garbage collection, which stopped the worker
 * (and a search meeting it) for 150–500 ms. A photo's keys written again go to the end; the room
 * they leave is reclaimed when the pool is full (`compact`).
 */
class SlotKeys {
  /** Photo number → where its count stands in `pool` (-1: its keys are not known). */
  private starts = new Int32Array(0);
  private pool = new Uint32Array(MIN_POOL);
  /** Entries of `pool` written (the next is written here). */
  private used = 0;
  /** Entries of `pool` in use: counts and keys of the photos known. */
  private live = 0;

  /** A photo's keys (a view: valid until the next `set` of the same photo), undefined when not known. */
  get(slot: number): Uint32Array | undefined {
    const start = this.starts[slot] ?? -1;
    if (start < 0) return undefined;
    return this.pool.subarray(start + 1, start + 1 + (this.pool[start] as number));
  }

  set(slot: number, keys: ArrayLike<number>): void {
    this.clear(slot);
    if (slot >= this.starts.length) {
      const grown = new Int32Array(Math.max(1024, slot + 1, this.starts.length * 2)).fill(-1);
      grown.set(this.starts);
      this.starts = grown;
    }
    const need = keys.length + 1;
    if (this.used + need > this.pool.length) this.compact(need);
    this.pool[this.used] = keys.length;
    this.pool.set(keys, this.used + 1);
    this.starts[slot] = this.used;
    this.used += need;
    this.live += need;
  }

  /** A photo's keys are not known (it is gone, or its keys are to be found in the lists). */
  clear(slot: number): void {
    const start = this.starts[slot] ?? -1;
    if (start < 0) return;
    this.live -= (this.pool[start] as number) + 1;
    this.starts[slot] = -1;
  }

  /**
   * Room for every photo's keys at once, `counts[slot]` of them for each photo `known` (written
   * with `write`): one pool, allocated once.
   */
  static laidOut(counts: Uint32Array, known: (slot: number) => boolean): SlotKeys {
    const keys = new SlotKeys();
    keys.starts = new Int32Array(counts.length).fill(-1);
    let used = 0;
    for (let slot = 0; slot < counts.length; slot++) if (known(slot)) used += (counts[slot] as number) + 1;
    keys.pool = new Uint32Array(Math.max(MIN_POOL, used));
    used = 0;
    for (let slot = 0; slot < counts.length; slot++) {
      if (!known(slot)) continue;
      keys.starts[slot] = used;
      keys.pool[used] = counts[slot] as number;
      used += (counts[slot] as number) + 1;
    }
    keys.used = keys.live = used;
    return keys;
  }

  /** Write photo `slot`'s `i`th key in the room `laidOut` made for it. */
  write(slot: number, i: number, key: number): void {
    const start = this.starts[slot] ?? -1;
    if (start >= 0) this.pool[start + 1 + i] = key;
  }

  /**
   * Room for `need` more entries: the keys in use copied, photo by photo, to a new pool half as
   * large again as they are (views given out before keep the old one, unchanged).
   */
  private compact(need: number): void {
    const { pool: old, starts } = this;
    const pool = new Uint32Array(Math.max(MIN_POOL, Math.ceil((this.live + need) * 1.5)));
    let used = 0;
    for (let slot = 0; slot < starts.length; slot++) {
      const start = starts[slot] as number;
      if (start < 0) continue;
      const end = start + (old[start] as number) + 1;
      starts[slot] = used;
      for (let at = start; at < end; at++) pool[used++] = old[at] as number;
    }
    this.pool = pool;
    this.used = used;
  }
}

/** The log's last position: its last row's, or `from` when it has none. */
function lastOf(log: readonly PhotoLogRow[], from: number): number {
  return Math.max(from, log[log.length - 1]?.seq ?? 0);
}

export class PhotoPostings {
  /** Photo number ↔ id. Replaced, never emptied, when the photos are numbered anew: an order made before keeps the numbering it was made with. */
  private numbering = new Numbering();
  /**
   * Each key is held once, as a number: a photo's keys are a few numbers, not a few strings of its
   * own (at a million photos, the difference between 60 MB and over half a gigabyte).
   */
  private keyNumbers = new Map<string, number>();
  /** Key number → its photos. */
  private lists: SlotList[] = [];
  /**
   * Every key, sorted (for names by prefix): made when first asked, then kept; keys new since are
   * merged in when next asked (`keysInOrder`), not sorted again with the rest.
   */
  private sortedKeys: string[] | undefined;
  /** Keys added since `sortedKeys` was made. */
  private newKeys: string[] = [];
  /**
   * Photo number → the numbers of the keys it is listed under (to take it out again). Loaded
   * postings have only their lists: a changed photo's keys are found in them (`keysOfSlot`), and
   * only after many changes are every photo's worked out (`unfold`): at a million photos that
   * takes about 0.75 s, which the first rating after opening the library need not wait for.
   */
  private keys = new SlotKeys();
  private folded = false;
  /** Changed photos whose keys were looked for in the lists since loading. */
  private lookedUp = 0;
  /**
   * Photo number → when it was taken and its visibility level (`hidden`, visibility.ts; `NOT_SHOWN`
   * when the photo is gone or has no place in the `[hidden+takenAt+id]` index): the timeline's
   * order without reading that index (`order`), whose key cursor takes seconds at 100,000 photos.
   */
  private taken = new Float64Array(0);
  private levels = new Uint8Array(0);
  /** Grows with every photo put or dropped: an order made before is stale. */
  private version = 0;
  private orders = new Map<string, { version: number; order: PostedOrder }>();
  /**
   * The orders saved with loaded postings (photo numbers by levels key), while nothing has changed
   * since loading: `order` checks one when first asked instead of sorting (`savedOrder`).
   */
  private saved?: { version: number; orders: Map<string, Uint32Array> };
  /** How many times photos were sorted into a timeline order (for tests: a saved order spares it). */
  sorts = 0;
  private loading?: Promise<boolean>;
  private building?: Promise<void>;
  private built = false;
  /** The change log's position the lists answer for (every change up to it is in them). */
  private seq = 0;
  /** The position of the postings saved last (by this worker). */
  private savedSeq = -1;
  /** A change event arrived since the log was last read. */
  private dirty = false;
  private applying?: Promise<void>;
  private saving?: Promise<boolean>;

  /**
   * `pause`: awaited before each page of the build after the first, given how long the last one
   * took, reading included (the search worker's: the build is background work, and leaves the
   * worker to searches and the machine to the page).
   */
  constructor(private readonly db: ShoeboxDb, private readonly pause: (lastPageMs: number) => Promise<unknown> = async () => undefined) {}

  /**
   * Load the saved postings and read what was logged since (once; a few hundred ms at 100,000
   * photos). Resolves whether they are built now: false when none are saved or they cannot be used.
   */
  loadSaved(): Promise<boolean> {
    this.loading ??= this.load().then(
      (loaded) => {
        if (loaded) this.built = true;
        return loaded;
      },
      (e: unknown) => {
        console.warn('The saved search index could not be read: it is made again', e);
        this.reset();
        return false;
      },
    );
    return this.loading;
  }

  /** The saved postings being loaded, if `loadSaved` was called: what to wait for before reading around them. */
  get loadingSaved(): Promise<boolean> | undefined {
    return this.loading;
  }

  /**
   * Load the saved postings, or (none saved, or not usable) read every photo's keys, a page at a
   * time. Changes logged meanwhile are applied by the next `current()`.
   */
  build(): Promise<void> {
    this.building ??= (async () => {
      if (await this.loadSaved()) return;
      const from = await this.position();
      await this.readAll((photo) => this.put(photo), this.pause);
      this.seq = from;
      this.built = true;
      this.dirty = true;
    })();
    return this.building;
  }

  /**
   * Take note of a catalogue change (the `storagemutated` event's parts): the log is read before
   * the next answer. A change of photos always comes with its log rows (not the other way round:
   * pruning the log changes no photo).
   */
  changed(parts: ObservabilitySet | undefined): void {
    const prefix = `idb://${this.db.name}/photos/`;
    if (!parts || Object.keys(parts).some((part) => part.startsWith(prefix))) this.dirty = true;
  }

  /**
   * Whether the lists answer for the catalogue as it was when asked: built, with every change
   * logged before the call applied (applying them first when needed). Changes logged meanwhile are
   * the next call's: while an import or the placer writes batch after batch, waiting until none is
   * left kept a search waiting for the whole of it. False until built: read IndexedDB meanwhile.
   */
  async current(): Promise<boolean> {
    if (!this.built) return false;
    // An apply under way may have read the log before some of the changes seen so far: one more after it.
    if (this.applying) await this.applying;
    if (this.dirty) {
      this.applying ??= this.apply().finally(() => (this.applying = undefined));
      await this.applying;
    }
    return true;
  }

  /** Built: lookups answer (with the changes applied by the last `current()`). */
  get ready(): boolean {
    return this.built;
  }

  /** Whether changes were applied since the postings were last saved (or they never were). */
  get unsaved(): boolean {
    return this.built && this.seq !== this.savedSeq;
  }

  /** The ids of the photos with `value` in `index`, in no particular order. */
  lookup(index: PostedIndex, value: string): string[] {
    const list = this.listOf(index, value);
    if (!list) return [];
    const out = new Array<string>(list.size);
    const view = list.view();
    for (let i = 0; i < view.length; i++) out[i] = this.numbering.idOf(view[i] as number);
    return out;
  }

  /** The numbers of the photos with `value` in `index` (a copy: later changes do not move it). */
  lookupSlots(index: PostedIndex, value: string): Uint32Array {
    return this.listOf(index, value)?.view().slice() ?? new Uint32Array(0);
  }

  /**
   * The first `limit` values of `index` starting with `prefix` (in IndexedDB's order), each with
   * how many photos at these visibility levels carry it (0 included): what the search box
   * suggests, counted here instead of by IndexedDB, whose count walks every entry of a name (a
   * quarter of a million for a camera at a million photos) on every keystroke.
   */
  valuesStartingWith(index: PostedIndex, prefix: string, levels: readonly number[], limit: number): { value: string; count: number }[] {
    const keys = this.keysInOrder();
    const start = `${index}\u0000${prefix}`;
    const wanted = wantedLevels(levels);
    const out: { value: string; count: number }[] = [];
    for (let k = lowerBound(keys, start); k < keys.length && out.length < limit && (keys[k] as string).startsWith(start); k++) {
      const key = keys[k] as string;
      const view = (this.lists[this.keyNumbers.get(key) as number] as SlotList).view();
      let count = 0;
      for (let i = 0; i < view.length; i++) count += wanted[this.levels[view[i] as number] as number] as number;
      out.push({ value: key.slice(index.length + 1), count });
    }
    return out;
  }

  /** Every key, sorted: the keys added since last asked sorted on their own and merged in. */
  private keysInOrder(): string[] {
    if (!this.sortedKeys) {
      this.sortedKeys = [...this.keyNumbers.keys()].sort();
      this.newKeys = [];
    } else if (this.newKeys.length) {
      this.sortedKeys = mergeSorted(this.sortedKeys, this.newKeys.sort());
      this.newKeys = [];
    }
    return this.sortedKeys;
  }

  private listOf(index: PostedIndex, value: string): SlotList | undefined {
    const key = this.keyNumbers.get(`${index}\u0000${value}`);
    return key === undefined ? undefined : this.lists[key];
  }

  /**
   * Where each photo number stands in `ids` (-1: not there). Built once per timeline order, it
   * places a posting list in the order without looking up one id.
   */
  positionsOf(ids: OrderIds): Int32Array {
    const { numbering } = this;
    const at = new Int32Array(numbering.length).fill(-1);
    const { numbered } = ids;
    if (numbered.numbering === numbering) {
      // The order's own numbers (of photos gone since too: no longer in the lists).
      numbered.slots.forEach((slot, i) => (at[slot] = i));
      return at;
    }
    for (let i = 0; i < ids.length; i++) {
      const slot = numbering.slotOf(ids.at(i) as string);
      if (slot !== undefined) at[slot] = i;
    }
    return at;
  }

  /** How many photo numbers were ever given (numbers only grow: a table of them goes stale when this does). */
  get numbers(): number {
    return this.numbering.length;
  }

  /**
   * The photos at these visibility levels in the timeline's order (taken, then id: the
   * `[hidden+takenAt+id]` index's), with each photo number's position. Made again after a change.
   */
  order(levels: readonly number[]): PostedOrder {
    const key = levels.join();
    const kept = this.orders.get(key);
    if (kept?.version === this.version) return kept.order;
    if (this.saved?.version !== this.version) this.saved = undefined;
    const saved = this.saved?.orders.get(key);
    const order = (saved && this.savedOrder(levels, saved)) ?? this.sortedOrder(levels);
    this.orders.set(key, { version: this.version, order });
    return order;
  }

  /** The photos at these levels sorted into the timeline's order. */
  private sortedOrder(levels: readonly number[]): PostedOrder {
    const { taken, numbering } = this;
    this.sorts++;
    return this.orderOf(inTimelineOrder(this.slotsAt(levels), taken, (a, b) => numbering.compare(a, b)));
  }

  /** The numbers of the photos at these visibility levels, ascending. */
  private slotsAt(levels: readonly number[]): Uint32Array {
    const wanted = wantedLevels(levels);
    const chosen: number[] = [];
    for (let slot = 0; slot < this.numbering.length; slot++) if (wanted[this.levels[slot] as number]) chosen.push(slot);
    return Uint32Array.from(chosen);
  }

  /** An order of these photo numbers (in the timeline's order), with their times, months and positions. */
  private orderOf(slots: Uint32Array): PostedOrder {
    const { taken, numbering } = this;
    const slotPositions = new Int32Array(numbering.length).fill(-1);
    // Typed arrays, not lists: their contents lie outside the garbage collector's heap.
    const takenInOrder = new Float64Array(slots.length);
    const months = new Int32Array(slots.length);
    // One month's span at a time: in order, most photos fall in the month of the one before.
    let [monthStart, monthEnd, month] = [1, 0, 0];
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as number;
      const at = taken[slot] as number;
      slotPositions[slot] = i;
      takenInOrder[i] = at;
      if (!(at >= monthStart && at <= monthEnd)) {
        month = monthOf(at);
        [monthStart, monthEnd] = monthSpan(month);
      }
      months[i] = month;
    }
    // Numbers are never reused: a photo numbered after this order is not in it, nor is one gone
    // since (its number no longer found). Loaded or read again, the photos are numbered anew:
    // this order keeps the numbering it was made with.
    const positionOf = (id: string) => {
      const slot = numbering.slotOf(id);
      return slot === undefined ? -1 : (slotPositions[slot] ?? -1);
    };
    return { ids: numberedIds(numbering, slots), taken: takenInOrder, months, slotPositions, positionOf };
  }

  /**
   * A saved order, if it still fits: the photos at its levels, each once, in the timeline's order
   * (checked in one pass; with its positions and months made, 25–34 ms at a million photos in
   * Node, where sorting them again came to 190–250).
   */
  private savedOrder(levels: readonly number[], slots: Uint32Array): PostedOrder | undefined {
    const { taken, numbering } = this;
    const wanted = wantedLevels(levels);
    // Strictly in order, so each photo at most once: with as many as there are at those levels, all of them.
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as number;
      if (slot >= numbering.length || !wanted[this.levels[slot] as number]) return undefined;
      if (i) {
        // As the sort orders them: -0 and 0 are the same moment (=== says so), ties by id.
        const before = slots[i - 1] as number;
        const a = taken[before] as number;
        const b = taken[slot] as number;
        if (a > b || (a === b && numbering.compare(before, slot) >= 0)) return undefined;
      }
    }
    let count = 0;
    for (let slot = 0; slot < numbering.length; slot++) count += wanted[this.levels[slot] as number] as number;
    return count === slots.length ? this.orderOf(slots) : undefined;
  }

  /** How many photos are listed (for tests and the bench). */
  get count(): number {
    return this.numbering.size;
  }

  /**
   * Save the postings with their log position, and prune the log up to it (one transaction). Not
   * over newer ones another tab's worker saved: then nothing is written. Resolves whether saved.
   * At 100,000 photos the saved row is a few megabytes, written in one go: call it when idle.
   */
  save(): Promise<boolean> {
    this.saving ??= this.write().finally(() => (this.saving = undefined));
    return this.saving;
  }

  private async write(): Promise<boolean> {
    if (!this.unsaved) return false;
    const row = this.snapshot();
    const { db } = this;
    const saved = await db.transaction('rw', db.postings, db.photoLog, async () => {
      const pruned = await db.postings.get('pruned');
      if (pruned && pruned.seq >= row.seq) return false;
      await db.postings.bulkPut([row, { name: 'pruned', seq: row.seq }]);
      await db.photoLog.where('seq').belowOrEqual(row.seq).delete();
      return true;
    });
    this.savedSeq = row.seq;
    return saved;
  }

  /**
   * The postings as a row: lists end to end in one array, every part a Blob. IndexedDB refuses a
   * value over 127 MB (a million photos' postings are about 190 MB: docs/PLATFORM.md); Blobs are
   * stored apart from the value, at any size.
   */
  private snapshot(): PostingsRow & { name: 'photos' } {
    const offsets = new Uint32Array(this.lists.length + 1);
    this.lists.forEach((list, k) => (offsets[k + 1] = (offsets[k] as number) + list.size));
    const slots = new Uint32Array(offsets[this.lists.length] as number);
    this.lists.forEach((list, k) => slots.set(list.view(), offsets[k]));
    const keys = new Array<string>(this.lists.length);
    for (const [key, n] of this.keyNumbers) keys[n] = key;
    // Lines, not JSON (at a million photos JSON's quoting took 2 s of the worker's, in one task):
    // the numbering's own bytes, a number whose photo is gone as an empty line.
    const ids = new Blob([this.numbering.lines()], { type: 'text/plain' });
    const taken = this.taken.slice(0, this.numbering.length);
    const levels = this.levels.slice(0, this.numbering.length);
    const json = (list: string[]) => new Blob([JSON.stringify(list)], { type: 'application/json' });
    // The orders made since the last change (the timeline's, once searched): saved as they are.
    const orders = [...this.orders].flatMap(([key, kept]) => (kept.version === this.version ? [{ levels: key, slots: new Blob([kept.order.ids.numbered.slots.slice()]) }] : []));
    return {
      name: 'photos', verno: this.db.verno, format: FORMAT, seq: this.seq, count: this.numbering.size, savedAt: Date.now(),
      ids, keys: json(keys), offsets: new Blob([offsets]), slots: new Blob([slots]), taken: new Blob([taken]), levels: new Blob([levels]), orders,
    };
  }

  /**
   * Load the saved postings and apply what was logged after them, all read in one transaction,
   * and check them against the catalogue's count (photos written around the app, as a test's
   * synthetic library is, are not logged). False when none are saved or they cannot be used.
   */
  private async load(): Promise<boolean> {
    const { db } = this;
    const read = await db.transaction('r', db.postings, db.photoLog, db.photos, async () => {
      const saved = await db.postings.get('photos');
      if (saved?.name !== 'photos' || saved.verno !== db.verno || saved.format !== FORMAT) return undefined;
      const log = await db.photoLog.where('seq').above(saved.seq).toArray();
      if (log.some((entry) => entry.id === '*')) return undefined;
      const ids = [...new Set(log.map((entry) => entry.id))];
      const [rows, count] = await Promise.all([db.photos.bulkGet(ids), db.photos.count()]);
      return { saved, log, ids, rows, count };
    });
    if (!read) return false;
    const { saved, log, ids, rows, count } = read;
    await this.restore(saved);
    this.changes(ids, rows);
    if (this.numbering.size !== count) {
      this.reset();
      return false;
    }
    this.seq = lastOf(log, saved.seq);
    if (!log.length) this.savedSeq = this.seq;
    return true;
  }

  private async restore(saved: PostingsRow & { name: 'photos' }): Promise<void> {
    const json = async (blob: Blob) => JSON.parse(await blob.text()) as string[];
    const bytes = (blob: Blob) => blob.arrayBuffer();
    const [idLines, keys, offsetBytes, slotBytes, takenBytes, levelBytes, orders] = await Promise.all([
      bytes(saved.ids), json(saved.keys), bytes(saved.offsets), bytes(saved.slots), bytes(saved.taken), bytes(saved.levels),
      Promise.all((saved.orders ?? []).map(async ({ levels, slots }) => ({ levels, slots: await bytes(slots) }))),
    ]);
    const offsets = new Uint32Array(offsetBytes);
    const slots = new Uint32Array(slotBytes);
    // The lines as they were saved: no strings (a number whose photo is gone is an empty line).
    const numbering = new Numbering(new Uint8Array(idLines));
    if (numbering.length * Float64Array.BYTES_PER_ELEMENT !== takenBytes.byteLength) throw new Error(`The saved search index names ${numbering.length} photos but has the times of ${takenBytes.byteLength / 8}`);
    this.numbering = numbering;
    this.keyNumbers = new Map(keys.map((key, n) => [key, n]));
    this.sortedKeys = undefined;
    this.lists = keys.map((_, k) => SlotList.of(slots.subarray(offsets[k], offsets[k + 1])));
    this.taken = new Float64Array(takenBytes);
    this.levels = new Uint8Array(levelBytes);
    this.keys = new SlotKeys();
    this.folded = true;
    this.lookedUp = 0;
    this.version++;
    // Checked when first asked for, if nothing changed by then (the log read after loading may).
    const whole = orders.filter(({ slots }) => slots.byteLength % Uint32Array.BYTES_PER_ELEMENT === 0);
    this.saved = { version: this.version, orders: new Map(whole.map(({ levels, slots }) => [levels, new Uint32Array(slots)])) };
  }

  private reset(): void {
    this.numbering = new Numbering();
    this.keyNumbers = new Map();
    this.sortedKeys = undefined;
    this.lists = [];
    this.keys = new SlotKeys();
    this.taken = new Float64Array(0);
    this.levels = new Uint8Array(0);
    this.folded = false;
    this.saved = undefined;
    this.version++;
  }

  /**
   * The keys photo `slot` is listed under. Loaded postings find them in the lists, a binary search
   * in each, for the first `UNFOLD_AFTER` changed photos; then every photo's are worked out once.
   */
  private keysOfSlot(slot: number): Uint32Array | undefined {
    const known = this.keys.get(slot);
    if (!this.folded || known) return known;
    if (++this.lookedUp > UNFOLD_AFTER) {
      this.unfold();
      return this.keys.get(slot);
    }
    const found: number[] = [];
    this.lists.forEach((list, k) => {
      const view = list.view();
      if (view[lowerBound(view, slot)] === slot) found.push(k);
    });
    return Uint32Array.from(found);
  }

  /** Each photo number's keys, from the lists (loaded postings have only these). */
  private unfold(): void {
    if (!this.folded) return;
    this.folded = false;
    const { numbering } = this;
    const counts = new Uint32Array(numbering.length);
    for (const list of this.lists) for (const slot of list.view()) counts[slot] = (counts[slot] as number) + 1;
    const keys = SlotKeys.laidOut(counts, (slot) => numbering.has(slot));
    counts.fill(0);
    this.lists.forEach((list, k) => {
      for (const slot of list.view()) {
        const at = counts[slot] as number;
        keys.write(slot, at, k);
        counts[slot] = at + 1;
      }
    });
    this.keys = keys;
  }

  /** Where the log stands now: its last row, or how far it was pruned when it has none after. */
  private async position(): Promise<number> {
    const { db } = this;
    return db.transaction('r', db.postings, db.photoLog, async () => {
      const [last, pruned] = await Promise.all([db.photoLog.orderBy('seq').last(), db.postings.get('pruned')]);
      return Math.max(last?.seq ?? 0, pruned?.seq ?? 0);
    });
  }

  /**
   * Read the log after the lists' position and the photos it names. The rows may be newer than the
   * log read (a change committed between the two): applying that change again later does no harm.
   */
  private async apply(): Promise<void> {
    this.dirty = false;
    const { db } = this;
    try {
      const { log, pruned } = await db.transaction('r', db.postings, db.photoLog, async () => {
        const [log, pruned] = await Promise.all([db.photoLog.where('seq').above(this.seq).toArray(), db.postings.get('pruned')]);
        return { log, pruned: pruned?.seq ?? 0 };
      });
      const upTo = lastOf(log, Math.max(this.seq, pruned));
      // A range deleted, or log rows pruned that these lists never read (another tab's worker
      // saved newer postings): read everything again.
      const everything = pruned > this.seq || log.some((entry) => entry.id === '*');
      const ids = [...new Set(log.flatMap((entry) => (entry.id === '*' ? [] : [entry.id])))];
      if (ids.length) this.changes(ids, await db.photos.bulkGet(ids));
      if (everything) await this.resync();
      this.seq = upTo;
    } catch (e) {
      // Not read: the next search tries again.
      this.dirty = true;
      throw e;
    }
  }

  private changes(ids: readonly string[], rows: readonly (PhotoRow | undefined)[]): void {
    ids.forEach((id, i) => {
      const row = rows[i];
      if (row) this.put(row);
      else this.drop(id);
    });
  }

  /** Read every photo, a page at a time (awaiting `between` between two). */
  private async readAll(each: (photo: PhotoRow) => void, between?: (lastPageMs: number) => Promise<unknown>): Promise<void> {
    let after: string | undefined;
    for (;;) {
      const started = performance.now();
      const from = after === undefined ? this.db.photos.orderBy(':id') : this.db.photos.where(':id').above(after);
      const page = await from.limit(PAGE).toArray();
      page.forEach(each);
      if (page.length < PAGE) return;
      after = (page[page.length - 1] as PhotoRow).id;
      await between?.(performance.now() - started);
    }
  }

  /** After a change too wide to name photo by photo: read everything again, drop the photos gone. */
  private async resync(): Promise<void> {
    const present = new Set<string>();
    await this.readAll((photo) => {
      present.add(photo.id);
      this.put(photo);
    });
    for (const id of this.numbering.live()) if (!present.has(id)) this.drop(id);
  }

  private put(photo: PhotoRow): void {
    const fresh = Uint32Array.from(keysOf(photo), (key) => {
      let n = this.keyNumbers.get(key);
      if (n === undefined) {
        n = this.lists.length;
        this.keyNumbers.set(key, n);
        this.lists.push(new SlotList());
        if (this.sortedKeys) this.newKeys.push(key);
      }
      return n;
    });
    let slot = this.numbering.slotOf(photo.id);
    const known = slot !== undefined;
    if (slot === undefined) slot = this.numbering.add(photo.id);
    this.version++;
    // As IndexedDB indexes it: no entry for a key part that is not a valid key (NaN, missing).
    const shown = typeof photo.hidden === 'number' && typeof photo.takenAt === 'number' && !Number.isNaN(photo.takenAt) && photo.hidden < NOT_SHOWN;
    if (slot >= this.taken.length) this.room(slot + 1);
    this.taken[slot] = shown ? photo.takenAt : 0;
    this.levels[slot] = shown ? photo.hidden : NOT_SHOWN;
    const before = known ? this.keysOfSlot(slot) : undefined;
    this.keys.set(slot, fresh);
    // A photo read for the first time (the whole build): its keys are distinct (keysOf).
    if (!before) {
      for (const key of fresh) this.lists[key]?.add(slot);
      return;
    }
    const old = new Set(before);
    const now = new Set(fresh);
    for (const key of old) if (!now.has(key)) this.unlist(key, slot);
    for (const key of now) if (!old.has(key)) this.lists[key]?.add(slot);
  }

  /** Times and levels for at least `size` photo numbers (grown by half again, as a list would). */
  private room(size: number): void {
    const length = Math.max(1024, size, Math.ceil(this.taken.length * 1.5));
    const taken = new Float64Array(length);
    taken.set(this.taken);
    const levels = new Uint8Array(length).fill(NOT_SHOWN);
    levels.set(this.levels);
    [this.taken, this.levels] = [taken, levels];
  }

  private drop(id: string): void {
    const slot = this.numbering.slotOf(id);
    if (slot === undefined) return;
    for (const key of this.keysOfSlot(slot) ?? []) this.unlist(key, slot);
    this.numbering.remove(slot);
    this.keys.clear(slot);
    this.levels[slot] = NOT_SHOWN;
    this.version++;
  }

  private unlist(key: number, slot: number): void {
    this.lists[key]?.remove(slot);
  }
}
