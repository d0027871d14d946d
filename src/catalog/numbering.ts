const NEWLINE = 10;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** FNV-1a over bytes. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let at = start; at < end; at++) h = Math.imul(h ^ (bytes[at] as number), 0x01000193);
  return h >>> 0;
}

/** FNV-1a over an ASCII string's char codes (its UTF-8 bytes); -1 when it is not ASCII. */
function hashAscii(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c >= 0x80) return -1;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The photos' numbers, for the postings (postings.ts): number → id, id → number. Numbers are given
 * in turn and never reused; a photo gone keeps its number, marked gone.
 *
 * The ids are not strings here: their UTF-8 bytes, each followed by a newline, stand end to end in
 * one array (the saved postings' `ids` Blob is that very layout: loaded as it is, nothing split),
 * with where each ends by number; id → number goes through a hash table of numbers (open
 * addressing in one Int32Array). A million ids as strings, with a Map of them and an order's array
 * of them, were millions of objects in the search worker's heap, all walked by every full garbage
 * collection: V8's log showed the worker's memory-reducing collections pausing it 191–426 ms, the
 * searches meeting them the slowest of the million-photo bench (Node: 40–90 ms a full collection
 * with the strings and the Map, 3 ms with the same ids as bytes). An id is made a string only when
 * one is asked for (`idOf`).
 *
 * The table is filled in slices as background work (`mapAhead`), or whole when first asked: a
 * search typed as the library opens reads no id by number (its lists hold numbers).
 */
export class Numbering {
  private bytes: Uint8Array;
  /** Bytes in use in `bytes`. */
  private used: number;
  /** Number → where its id's bytes end in `bytes`, its newline included. */
  private ends: Uint32Array;
  /** Number → 1 once its photo is gone. */
  private gone: Uint8Array;
  /** Number + 1 at a place of its id's hash (0: free). */
  private table: Int32Array;
  /** The numbers below this are in the table (it is filled in slices: `mapAhead`). */
  private mapped = 0;
  /** How many numbers were given. */
  length = 0;
  /** How many photos are numbered and not gone. */
  size = 0;

  /**
   * Numbers for these lines of ids (UTF-8, each followed by a newline; the array is taken over): an
   * empty line is a number whose photo is gone.
   */
  constructor(lines = new Uint8Array(0)) {
    let count = 0;
    for (let at = 0; at < lines.length; at++) if (lines[at] === NEWLINE) count++;
    this.bytes = lines;
    this.ends = new Uint32Array(Math.max(16, count));
    this.gone = new Uint8Array(this.ends.length);
    let slot = 0;
    for (let at = 0, start = 0; at < lines.length; at++) {
      if (lines[at] !== NEWLINE) continue;
      this.ends[slot] = at + 1;
      if (at === start) this.gone[slot] = 1;
      else this.size++;
      slot++;
      start = at + 1;
    }
    this.length = count;
    this.used = count ? (this.ends[count - 1] as number) : 0;
    this.table = new Int32Array(tableSize(count));
  }

  /** Where number `slot`'s id starts in `bytes`. */
  private startOf(slot: number): number {
    return slot ? (this.ends[slot - 1] as number) : 0;
  }

  /** The id of a number given, gone or not (an order made before it went still names it). */
  idOf(slot: number): string {
    return decoder.decode(this.bytes.subarray(this.startOf(slot), (this.ends[slot] as number) - 1));
  }

  /** Whether a number was given and its photo is not gone. */
  has(slot: number): boolean {
    return slot < this.length && this.gone[slot] === 0;
  }

  /** The number of a photo not gone, or undefined. */
  slotOf(id: string): number | undefined {
    if (this.mapped < this.length) this.mapAhead(Infinity);
    let utf8: Uint8Array | undefined;
    let h = hashAscii(id);
    if (h < 0) {
      utf8 = encoder.encode(id);
      h = hashBytes(utf8, 0, utf8.length);
    }
    const { table, bytes, ends, gone } = this;
    const mask = table.length - 1;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const entry = table[at] as number;
      if (entry === 0) return undefined;
      const slot = entry - 1;
      if (gone[slot]) continue;
      const start = this.startOf(slot);
      const end = (ends[slot] as number) - 1;
      if (utf8 ? sameBytes(bytes, start, end, utf8) : sameAscii(bytes, start, end, id)) return slot;
    }
  }

  /** Put up to `count` more numbers in the table (background work, between searches); whether it is whole. */
  mapAhead(count: number): boolean {
    const end = Math.min(this.length, this.mapped + count);
    if (end * 2 > this.table.length) this.rehash(tableSize(end));
    for (let slot = this.mapped; slot < end; slot++) if (!this.gone[slot]) this.place(slot);
    this.mapped = end;
    return end === this.length;
  }

  /** Number a photo not numbered yet. */
  add(id: string): number {
    const slot = this.length;
    const utf8 = hashAscii(id) >= 0 ? undefined : encoder.encode(id);
    const need = (utf8?.length ?? id.length) + 1;
    if (this.used + need > this.bytes.length) this.bytes = grown(this.bytes, this.used + need);
    if (utf8) this.bytes.set(utf8, this.used);
    else for (let i = 0; i < id.length; i++) this.bytes[this.used + i] = id.charCodeAt(i);
    this.used += need;
    this.bytes[this.used - 1] = NEWLINE;
    if (slot === this.ends.length) {
      this.ends = grown(this.ends, slot + 1);
      this.gone = grown(this.gone, slot + 1);
    }
    this.ends[slot] = this.used;
    this.length++;
    this.size++;
    if (this.mapped === slot) this.mapAhead(1);
    return slot;
  }

  /** A photo is gone (its number stays in the table, passed over). */
  remove(slot: number): void {
    if (!this.has(slot)) return;
    this.gone[slot] = 1;
    this.size--;
  }

  /** The photos numbered and not gone. */
  live(): string[] {
    const out: string[] = [];
    for (let slot = 0; slot < this.length; slot++) if (!this.gone[slot]) out.push(this.idOf(slot));
    return out;
  }

  /**
   * Order two numbers by their ids as JavaScript compares strings (and IndexedDB keys): UTF-8
   * bytes compare as the code points do, which is the strings' order below U+D000 (past it, the
   * two are decoded and compared).
   */
  compare(a: number, b: number): number {
    const { bytes } = this;
    let i = this.startOf(a);
    let j = this.startOf(b);
    const endA = (this.ends[a] as number) - 1;
    const endB = (this.ends[b] as number) - 1;
    for (; i < endA && j < endB; i++, j++) {
      const x = bytes[i] as number;
      const y = bytes[j] as number;
      if (x === y) continue;
      if (x < 0xed && y < 0xed) return x - y;
      const [idA, idB] = [this.idOf(a), this.idOf(b)];
      return idA < idB ? -1 : idA > idB ? 1 : 0;
    }
    return endA - i - (endB - j);
  }

  /** The ids as lines (the saved layout): a number whose photo is gone as an empty line. */
  lines(): Uint8Array<ArrayBuffer> {
    const { bytes, ends, gone } = this;
    const out = new Uint8Array(this.used);
    let size = 0;
    let from = 0;
    for (let slot = 0; slot < this.length; slot++) {
      if (!gone[slot]) continue;
      out.set(bytes.subarray(from, this.startOf(slot)), size);
      size += this.startOf(slot) - from;
      out[size++] = NEWLINE;
      from = ends[slot] as number;
    }
    out.set(bytes.subarray(from, this.used), size);
    return out.subarray(0, size + this.used - from);
  }

  /**
   * The ids' bytes and where each ends by number (views: valid until the next `add`), for copying
   * ids out without making strings (packed.ts).
   */
  utf8(): { bytes: Uint8Array; ends: Uint32Array } {
    return { bytes: this.bytes, ends: this.ends };
  }

  private place(slot: number): void {
    const { table } = this;
    const mask = table.length - 1;
    let at = hashBytes(this.bytes, this.startOf(slot), (this.ends[slot] as number) - 1) & mask;
    while (table[at] !== 0) at = (at + 1) & mask;
    table[at] = slot + 1;
  }

  /** A larger table, every number mapped so far placed again. */
  private rehash(size: number): void {
    this.table = new Int32Array(size);
    for (let slot = 0; slot < this.mapped; slot++) if (!this.gone[slot]) this.place(slot);
  }
}

/** A table at most half full for `count` numbers (a power of two). */
function tableSize(count: number): number {
  let size = 1024;
  while (size < count * 2) size *= 2;
  return size;
}

/** A copy of `array` with room for at least `size` (half as large again). */
function grown<T extends Uint8Array | Uint32Array>(array: T, size: number): T {
  const out = new (array.constructor as new (n: number) => T)(Math.max(size, Math.ceil(array.length * 1.5), 16));
  out.set(array);
  return out;
}

function sameAscii(bytes: Uint8Array, start: number, end: number, id: string): boolean {
  if (end - start !== id.length) return false;
  for (let i = 0; i < id.length; i++) if (bytes[start + i] !== id.charCodeAt(i)) return false;
  return true;
}

function sameBytes(bytes: Uint8Array, start: number, end: number, utf8: Uint8Array): boolean {
  if (end - start !== utf8.length) return false;
  for (let i = 0; i < utf8.length; i++) if (bytes[start + i] !== utf8[i]) return false;
  return true;
}

/**
 * An order's ids by position: photo numbers whose ids a numbering keeps as bytes (`numberedIds`:
 * their bytes can be copied out without making strings, packed.ts).
 */
export interface OrderIds {
  readonly length: number;
  /** The id at a position (undefined past the end). */
  at(position: number): string | undefined;
  /** The photo numbers in order, and the numbering they are of. */
  readonly numbered: { numbering: Numbering; slots: Uint32Array };
}

/** The ids of these photo numbers, in this order (the numbering's bytes read as they are asked for). */
export function numberedIds(numbering: Numbering, slots: Uint32Array): OrderIds {
  return {
    length: slots.length,
    at: (position) => (position >= 0 && position < slots.length ? numbering.idOf(slots[position] as number) : undefined),
    numbered: { numbering, slots },
  };
}
