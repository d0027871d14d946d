/**
 * Ids in ascending order (as IndexedDB orders string keys, and `<` compares them), held as long
 * strings of `CHUNK` ids end to end rather than a string each, and found by binary search rather
 * than through a map. A million photos' ids and a map of them were two million objects and over
 * 100 MB of the search worker's heap, walked by every full garbage collection: the pauses of
 * 150–500 ms a search sometimes met (issue 14). Here they are a few hundred strings and arrays.
 */
export class SortedIds {
  /** (Made by `SortedIds.of` and `SortedIdsBuilder`.) */
  constructor(
    private readonly chunks: readonly string[],
    /** Per chunk, where each of its ids ends in it. */
    private readonly ends: readonly Uint32Array[],
    readonly length: number,
  ) {}

  /** These ids, ascending (sorted here when they are not). */
  static of(ids: Iterable<string>): SortedIds {
    const builder = new SortedIdsBuilder();
    for (const id of ids) builder.push(id);
    return builder.done().ids;
  }

  /** The id at position `k` (a slice of its chunk: no copy of the characters). */
  at(k: number): string {
    const chunk = this.chunks[k >>> CHUNK_BITS] as string;
    const ends = this.ends[k >>> CHUNK_BITS] as Uint32Array;
    const i = k & (CHUNK - 1);
    return chunk.slice(i ? (ends[i - 1] as number) : 0, ends[i]);
  }

  /** The first position whose id is not below `id`. */
  lowerBound(id: string): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Where `id` stands (-1: not there). */
  indexOf(id: string): number {
    const at = this.lowerBound(id);
    return at < this.length && this.at(at) === id ? at : -1;
  }

  /** The first id that starts with `prefix`, if any. */
  startingWith(prefix: string): string | undefined {
    const at = this.lowerBound(prefix);
    const id = at < this.length ? this.at(at) : undefined;
    return id?.startsWith(prefix) ? id : undefined;
  }
}

const CHUNK_BITS = 12;
/** Ids per chunk: 4,096 photo ids make a string of about 260 KB, which V8 keeps where it never moves. */
const CHUNK = 1 << CHUNK_BITS;

/** Ids taken one by one (a page of rows at a time), kept as `SortedIds`. */
export class SortedIdsBuilder {
  private readonly chunks: string[] = [];
  private readonly ends: Uint32Array[] = [];
  private pending: string[] = [];
  private length = 0;
  private last: string | undefined;
  private sorted = true;

  push(id: string): void {
    if (this.last !== undefined && this.last > id) this.sorted = false;
    this.last = id;
    this.pending.push(id);
    this.length++;
    if (this.pending.length === CHUNK) this.flush();
  }

  /**
   * The ids, and where each id pushed went (`moved[i]`: the position of the `i`th pushed), or
   * undefined when they came in order (as IndexedDB reads them): then the `i`th is at `i`.
   */
  done(): { ids: SortedIds; moved?: Uint32Array } {
    this.flush();
    const ids = new SortedIds(this.chunks, this.ends, this.length);
    if (this.sorted) return { ids };
    const pushed = Array.from({ length: this.length }, (_, i) => ids.at(i));
    const order = Uint32Array.from(pushed.keys()).sort((a, b) => ((pushed[a] as string) < (pushed[b] as string) ? -1 : 1));
    const moved = new Uint32Array(this.length);
    order.forEach((from, to) => (moved[from] = to));
    return { ids: SortedIds.of(Array.from(order, (i) => pushed[i] as string)), moved };
  }

  private flush(): void {
    if (!this.pending.length) return;
    const ends = new Uint32Array(this.pending.length);
    let end = 0;
    this.pending.forEach((id, i) => (ends[i] = end += id.length));
    this.chunks.push(this.pending.join(''));
    this.ends.push(ends);
    this.pending = [];
  }
}
