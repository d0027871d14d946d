import type { TimelineOrder } from '../catalog/search-reads';
import type { PlacedAnswer, SearchAnswer } from './planner';

/**
 * A search answer as it crosses from the search worker to the page: the ids' UTF-8 bytes end to
 * end in one buffer, and where each one ends in another, both transferred rather than copied.
 * Cloning tens of thousands of strings one by one is what made large answers slow to hand over
 * (issue 14); two buffers move at once. The worker encodes each timeline order's ids once, then
 * copies each answer's bytes from there; the page decodes an id only when something asks for it
 * (the grid for the months it shows, the viewer for its neighbours): `PackedIds`.
 */
export interface PackedAnswer extends Omit<SearchAnswer, 'ids'> {
  ids: Uint8Array;
  /** Where each id's bytes end in `ids`. */
  ends: Uint32Array;
}

const NEWLINE = 10;

/** An order's ids as UTF-8, each followed by a newline, and where each one's bytes end (after its newline). */
interface EncodedOrder {
  bytes: Uint8Array;
  ends: Uint32Array;
}

const encoded = new WeakMap<TimelineOrder, EncodedOrder>();

/** Encode an order's ids ahead of its first answer (the worker does it while the page is idle). */
export function encodedOrder(order: TimelineOrder): EncodedOrder {
  let kept = encoded.get(order);
  if (!kept) {
    // One join and one encoding: far faster than encoding 100,000 ids one by one.
    const bytes = new TextEncoder().encode(order.ids.length ? `${order.ids.join('\n')}\n` : '');
    const ends = new Uint32Array(order.ids.length);
    let n = 0;
    for (let at = 0; at < bytes.length; at++) if (bytes[at] === NEWLINE) ends[n++] = at + 1;
    kept = { bytes, ends };
    encoded.set(order, kept);
  }
  return kept;
}

export function packPlaced({ order, found, buckets, errors }: PlacedAnswer): PackedAnswer {
  const { bytes, ends: orderEnds } = encodedOrder(order);
  const startOf = (i: number) => (i ? (orderEnds[i - 1] as number) : 0);
  let size = 0;
  for (const i of found) size += (orderEnds[i] as number) - 1 - startOf(i);
  const ids = new Uint8Array(size);
  const ends = new Uint32Array(found.length);
  // Byte by byte (each id without its newline): for ids this short, faster than a typed-array
  // view and a copy per id.
  let k = 0;
  for (let n = 0; n < found.length; n++) {
    const i = found[n] as number;
    for (let at = startOf(i), end = (orderEnds[i] as number) - 1; at < end; at++) ids[k++] = bytes[at] as number;
    ends[n] = k;
  }
  return { ids, ends, buckets, errors };
}

/** Ids read by position, as the page reads an answer's. */
export interface IdList {
  readonly length: number;
  /** The id at `i`, or undefined past either end. */
  at(i: number): string | undefined;
  /** The ids in [from, to), as `Array.prototype.slice` takes them (negative counts from the end). */
  slice(from?: number, to?: number): string[];
}

const decoder = new TextDecoder();

/** A packed answer's ids, each decoded the first time it is asked for. */
export class PackedIds implements IdList {
  private readonly decoded: (string | undefined)[] = [];

  constructor(
    private readonly bytes: Uint8Array,
    private readonly ends: Uint32Array,
  ) {}

  get length(): number {
    return this.ends.length;
  }

  at(i: number): string | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.ends.length) return undefined;
    return (this.decoded[i] ??= decoder.decode(this.bytes.subarray(i ? this.ends[i - 1] : 0, this.ends[i])));
  }

  slice(from = 0, to = this.length): string[] {
    const clamp = (n: number) => Math.min(this.length, Math.max(0, n < 0 ? this.length + n : n));
    const out: string[] = [];
    for (let i = clamp(from), end = clamp(to); i < end; i++) out.push(this.at(i) as string);
    return out;
  }
}

/** The page's reading of an answer: ids decoded as they are asked for. */
export interface PageAnswer extends Omit<SearchAnswer, 'ids'> {
  ids: IdList;
}

export const NO_IDS: IdList = new PackedIds(new Uint8Array(0), new Uint32Array(0));

export function pageAnswer({ ids, ends, ...rest }: PackedAnswer): PageAnswer {
  return { ...rest, ids: new PackedIds(ids, ends) };
}

/** Every id at once (tests, and callers that want them all). */
export function unpackAnswer(packed: PackedAnswer): SearchAnswer {
  const { ids, ...rest } = pageAnswer(packed);
  return { ...rest, ids: ids.slice() };
}
