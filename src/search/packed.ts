import type { TimelineOrder } from '../catalog/search-reads';
import type { SearchAnswer } from './planner';

/**
 * A search answer as it crosses from the search worker to the page. The worker keeps what it
 * found (positions in the timeline's order) and hands over the count, the month counts and the
 * first ids; the page asks for more ids by range as the grid, the viewer or a batch needs them.
 * Handing over every id at once cost the worker 5–55 ms per answer at 100,000 photos (2–3 MB of
 * ids packed into a new buffer, and the garbage of it), and would be 30 MB for an answer of half
 * a million photos at a million (issue 14).
 *
 * Ids cross as UTF-8 bytes end to end in one buffer, with where each one ends in another, both
 * transferred rather than copied: cloning thousands of strings one by one is what made large
 * answers slow. The worker's orders keep their ids as bytes already (catalog/numbering.ts): a
 * range's are copied from there. The page decodes an id only when something asks for it.
 */
export interface PackedIds {
  ids: Uint8Array;
  /** Where each id's bytes end in `ids`. */
  ends: Uint32Array;
}

/** What the worker answers a search with: its `token` names the answer when the page asks for more of its ids. */
export interface RemoteAnswer extends Omit<SearchAnswer, 'ids'> {
  token: number;
  /** How many photos were found. */
  count: number;
  /** The first ids (up to `ID_CHUNK`): the top of the results grid needs no second call. */
  head: PackedIds;
}

/** Ids are asked for and kept by the page in chunks of this many positions. */
export const ID_CHUNK = 1024;

/**
 * The ids at `found[from..to)` (positions in `order`), packed: copied from the bytes the order's
 * ids are kept in (catalog/numbering.ts: the id of photo number s ends at `ends[s]`, newline
 * included). Encoding an order's ids in the answer's task held a search at a million photos for
 * about 0.8 s, and keeping every order encoded beside its strings cost 65 MB there.
 */
export function packRange(order: TimelineOrder, found: ArrayLike<number>, from: number, to: number): PackedIds {
  const first = Math.max(0, from);
  const last = Math.min(found.length, to);
  const { numbering, slots } = order.ids.numbered;
  const { bytes, ends: slotEnds } = numbering.utf8();
  const startOf = (s: number) => (s ? (slotEnds[s - 1] as number) : 0);
  const slotAt = (n: number) => slots[found[n] as number] as number;
  let size = 0;
  for (let n = first; n < last; n++) {
    const i = slotAt(n);
    size += (slotEnds[i] as number) - 1 - startOf(i);
  }
  const ids = new Uint8Array(size);
  const ends = new Uint32Array(Math.max(0, last - first));
  // Byte by byte (each id without its newline): for ids this short, faster than a typed-array
  // view and a copy per id.
  let k = 0;
  for (let n = first; n < last; n++) {
    const i = slotAt(n);
    for (let at = startOf(i), end = (slotEnds[i] as number) - 1; at < end; at++) ids[k++] = bytes[at] as number;
    ends[n - first] = k;
  }
  return { ids, ends };
}

const decoder = new TextDecoder();

/**
 * A packed range's ids as strings: decoded in one go and cut where each ends when every byte is a
 * character (photo ids are hex hashes), else one by one. A decode per id took 13–17 ms of the
 * page's for a search's first 1,024 ids, the page's code cold after a pause (traced, 2026-12-05).
 */
export function unpackIds({ ids, ends }: PackedIds): string[] {
  const out = new Array<string>(ends.length);
  const whole = decoder.decode(ids);
  // Valid UTF-8 (ids are encoded from strings) has as many characters as bytes only when all are ASCII.
  const ascii = whole.length === ids.length;
  for (let i = 0; i < ends.length; i++) {
    const from = i ? (ends[i - 1] as number) : 0;
    out[i] = ascii ? whole.slice(from, ends[i]) : decoder.decode(ids.subarray(from, ends[i]));
  }
  return out;
}

/** Ids read by position, as the page reads an answer's (asking the worker for what it does not have yet). */
export interface IdList {
  readonly length: number;
  /** The id at `i`, or undefined past either end. */
  at(i: number): Promise<string | undefined>;
  /** The ids in [from, to), as `Array.prototype.slice` takes them (negative counts from the end). */
  slice(from?: number, to?: number): Promise<string[]>;
}

/** Asks the worker for the ids at [from, to) of an answer; undefined once the worker no longer keeps it. */
export type FetchIds = (from: number, to: number) => Promise<PackedIds | undefined>;

/**
 * An answer's ids on the page: the head it came with, the rest fetched a run of chunks at a time
 * and kept. An answer the worker has let go (the page released it: a newer one replaced it) has
 * nothing more to give; its late readers get what is kept, and nothing past it.
 */
export class AnswerIds implements IdList {
  private readonly chunks = new Map<number, Promise<string[]>>();

  constructor(
    readonly length: number,
    head: PackedIds,
    private readonly fetch: FetchIds,
  ) {
    if (length) this.chunks.set(0, Promise.resolve(unpackIds(head)));
  }

  async at(i: number): Promise<string | undefined> {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) return undefined;
    return (await this.slice(i, i + 1))[0];
  }

  async slice(from = 0, to = this.length): Promise<string[]> {
    const clamp = (n: number) => Math.min(this.length, Math.max(0, n < 0 ? this.length + n : n));
    const start = clamp(from);
    const end = clamp(to);
    if (start >= end) return [];
    const first = Math.floor(start / ID_CHUNK);
    const last = Math.floor((end - 1) / ID_CHUNK);
    this.fetchMissing(first, last);
    const parts = await Promise.all(Array.from({ length: last - first + 1 }, (_, k) => this.chunks.get(first + k) as Promise<string[]>));
    return parts.flat().slice(start - first * ID_CHUNK, end - first * ID_CHUNK);
  }

  /** Ask for the chunks in [first, last] not kept or asked for yet: each run of them in one call. */
  private fetchMissing(first: number, last: number): void {
    let c = first;
    while (c <= last) {
      if (this.chunks.has(c)) {
        c++;
        continue;
      }
      let end = c;
      while (end + 1 <= last && !this.chunks.has(end + 1)) end++;
      const run = this.fetch(c * ID_CHUNK, Math.min(this.length, (end + 1) * ID_CHUNK)).then((packed) => (packed ? unpackIds(packed) : []));
      for (let k = c; k <= end; k++) {
        const offset = (k - c) * ID_CHUNK;
        const chunk = run.then((ids) => ids.slice(offset, offset + ID_CHUNK));
        // A failed fetch is not kept: the next reader asks again.
        chunk.catch(() => this.chunks.get(k) === chunk && this.chunks.delete(k));
        this.chunks.set(k, chunk);
      }
      c = end + 1;
    }
  }
}

/** The page's reading of an answer: ids fetched and decoded as they are asked for. */
export interface PageAnswer extends Omit<SearchAnswer, 'ids'> {
  ids: IdList;
}

const NO_HEAD: PackedIds = { ids: new Uint8Array(0), ends: new Uint32Array(0) };
export const NO_IDS: IdList = new AnswerIds(0, NO_HEAD, async () => NO_HEAD);

/** The page's reading of a worker's answer, asking `fetch` for the rest of its ids. */
export function pageAnswer({ count, head, buckets, errors }: RemoteAnswer, fetch: FetchIds): PageAnswer {
  return { buckets, errors, ids: new AnswerIds(count, head, fetch) };
}
