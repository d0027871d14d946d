import type { ObservabilitySet } from 'dexie';
import type { ShoeboxDb } from './db';
import type { PhotoRow } from './types';

/**
 * The photos' multiEntry indexes (terms, labels, categories, colours) held in memory by the search
 * worker: for every key, the photos that carry it, as a sorted list of photo numbers. IndexedDB
 * stays the source of truth: the lists are read from it once (in pages, while the page is idle)
 * and then kept current from the catalogue's change events, which name the photos that changed
 * (Dexie's `storagemutated`, from this context or any other tab or worker). Until they are built,
 * or while changes are being applied, search reads IndexedDB as before (search-reads.ts).
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

/** The keys a photo is found by, one string per index entry (`labels\u0000dog`). */
function keysOf(photo: Pick<PhotoRow, PostedIndex>): string[] {
  const keys: string[] = [];
  for (const index of INDEXES) for (const value of new Set(photo[index] ?? [])) keys.push(`${index}\u0000${value}`);
  return keys;
}

/** The first position in an ascending list not below `value`. */
export function lowerBound(list: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A growable list of photo numbers, sorted on demand (photos added in order keep it sorted). */
class SlotList {
  private items = new Uint32Array(4);
  size = 0;
  private sorted = true;

  add(slot: number): void {
    if (this.size === this.items.length) {
      const grown = new Uint32Array(this.items.length * 2);
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

/**
 * Adds the primary keys a change event's part names to `keys`. False when it names a range
 * instead (a delete by range, `clear()`): then nothing short of reading everything again will do.
 */
function changedKeys(tree: ObservabilitySet[string] | null | undefined, keys: Set<string>): boolean {
  if (!tree || !('from' in tree)) return true;
  if (tree.from !== tree.to || typeof tree.from !== 'string') return false;
  keys.add(tree.from);
  return changedKeys(tree.l, keys) && changedKeys(tree.r, keys);
}

export class PhotoPostings {
  private slotOf = new Map<string, number>();
  /** Photo number → id (undefined once the photo is gone; numbers are never reused). */
  private ids: (string | undefined)[] = [];
  /**
   * Each key is held once, as a number: a photo's keys are a few numbers, not a few strings of its
   * own (at a million photos, the difference between 60 MB and over half a gigabyte).
   */
  private keyNumbers = new Map<string, number>();
  /** Key number → its photos. */
  private lists: SlotList[] = [];
  /** Photo number → the numbers of the keys it is listed under (to take it out again). */
  private keys: (Uint32Array | undefined)[] = [];
  private building?: Promise<void>;
  private built = false;
  /** Photos changed since they were last read; `everything` after a change too wide to name. */
  private pending = new Set<string>();
  private everything = false;
  private applying?: Promise<void>;

  /**
   * `pause`: awaited before each page of the build after the first, given how long the last one
   * took, reading included (the search worker's: the build is background work, and leaves the
   * worker to searches and the machine to the page).
   */
  constructor(private readonly db: ShoeboxDb, private readonly pause: (lastPageMs: number) => Promise<unknown> = async () => undefined) {}

  /** Read every photo's keys, a page at a time. Changes seen meanwhile are applied after. */
  build(): Promise<void> {
    this.building ??= this.readAll((photo) => this.put(photo), this.pause).then(() => {
      this.built = true;
    });
    return this.building;
  }

  /** Take note of a catalogue change (the `storagemutated` event's parts). */
  changed(parts: ObservabilitySet | undefined): void {
    const prefix = `idb://${this.db.name}/photos/`;
    if (!parts) {
      this.everything = true;
      return;
    }
    for (const [part, tree] of Object.entries(parts)) {
      if ((part === prefix || part === `${prefix}:dels`) && !changedKeys(tree, this.pending)) this.everything = true;
    }
  }

  /**
   * Whether the lists answer for the catalogue as it was when asked: built, with every change seen
   * before the call applied (applying them first when needed). Changes seen meanwhile are the next
   * call's: while an import or the placer writes batch after batch, waiting until none is left
   * kept a search waiting for the whole of it. False until built: read IndexedDB meanwhile.
   */
  async current(): Promise<boolean> {
    if (!this.built) return false;
    // An apply under way may have started before some of the changes seen so far: one more after it.
    if (this.applying) await this.applying;
    if (this.pending.size || this.everything) {
      this.applying ??= this.apply().finally(() => (this.applying = undefined));
      await this.applying;
    }
    return true;
  }

  /** Built: lookups answer (with the changes applied by the last `current()`). */
  get ready(): boolean {
    return this.built;
  }

  /** The ids of the photos with `value` in `index`, in no particular order. */
  lookup(index: PostedIndex, value: string): string[] {
    const list = this.listOf(index, value);
    if (!list) return [];
    const out = new Array<string>(list.size);
    const view = list.view();
    for (let i = 0; i < view.length; i++) out[i] = this.ids[view[i] as number] as string;
    return out;
  }

  /** The numbers of the photos with `value` in `index` (a copy: later changes do not move it). */
  lookupSlots(index: PostedIndex, value: string): Uint32Array {
    return this.listOf(index, value)?.view().slice() ?? new Uint32Array(0);
  }

  private listOf(index: PostedIndex, value: string): SlotList | undefined {
    const key = this.keyNumbers.get(`${index}\u0000${value}`);
    return key === undefined ? undefined : this.lists[key];
  }

  /**
   * Where each photo number stands in `ids` (-1: not there). Built once per timeline order, it
   * places a posting list in the order without looking up one id.
   */
  positionsOf(ids: readonly string[]): Int32Array {
    const at = new Int32Array(this.ids.length).fill(-1);
    ids.forEach((id, i) => {
      const slot = this.slotOf.get(id);
      if (slot !== undefined) at[slot] = i;
    });
    return at;
  }

  /** How many photo numbers were ever given (numbers only grow: a table of them goes stale when this does). */
  get numbers(): number {
    return this.ids.length;
  }

  /** How many photos are listed (for tests and the bench). */
  get count(): number {
    return this.slotOf.size;
  }

  private async apply(): Promise<void> {
    const keys = [...this.pending];
    const everything = this.everything;
    this.pending = new Set();
    this.everything = false;
    try {
      const rows = await this.db.photos.bulkGet(keys);
      keys.forEach((id, i) => {
        const row = rows[i];
        if (row) this.put(row);
        else this.drop(id);
      });
      if (everything) await this.resync();
    } catch (e) {
      // Not read: the next search tries again (those photos and, to be sure, everything).
      keys.forEach((id) => this.pending.add(id));
      this.everything = true;
      throw e;
    }
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
    for (const id of [...this.slotOf.keys()]) if (!present.has(id)) this.drop(id);
  }

  private put(photo: PhotoRow): void {
    const fresh = Uint32Array.from(keysOf(photo), (key) => {
      let n = this.keyNumbers.get(key);
      if (n === undefined) {
        n = this.lists.length;
        this.keyNumbers.set(key, n);
        this.lists.push(new SlotList());
      }
      return n;
    });
    let slot = this.slotOf.get(photo.id);
    if (slot === undefined) {
      slot = this.ids.length;
      this.slotOf.set(photo.id, slot);
      this.ids.push(photo.id);
      this.keys.push(undefined);
    }
    const before = this.keys[slot];
    this.keys[slot] = fresh;
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

  private drop(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    for (const key of this.keys[slot] ?? []) this.unlist(key, slot);
    this.slotOf.delete(id);
    this.ids[slot] = undefined;
    this.keys[slot] = undefined;
  }

  private unlist(key: number, slot: number): void {
    this.lists[key]?.remove(slot);
  }
}
