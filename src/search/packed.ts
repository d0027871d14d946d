import type { TimelineOrder } from '../catalog/search-reads';
import type { PlacedAnswer, SearchAnswer } from './planner';

/**
 * A search answer as it crosses from the search worker to the page: the ids as one buffer of
 * newline-separated text, transferred rather than copied. Cloning tens of thousands of strings
 * one by one is what made large answers slow to hand over (issue 14); one buffer moves at once.
 * The worker encodes each timeline order's ids once, then copies each answer's bytes from there:
 * joining and encoding 30,000 ids for every answer cost more than finding them.
 */
export interface PackedAnswer extends Omit<SearchAnswer, 'ids'> {
  ids: Uint8Array;
}

const NEWLINE = 10;

/** An order's ids as UTF-8, each followed by a newline, and where each one's bytes end. */
interface EncodedOrder {
  bytes: Uint8Array;
  ends: Uint32Array;
}

const encoded = new WeakMap<TimelineOrder, EncodedOrder>();

/** Encode an order's ids ahead of its first answer (the worker does it while the page is idle). */
export function encodedOrder(order: TimelineOrder): EncodedOrder {
  let kept = encoded.get(order);
  if (!kept) {
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
  const { bytes, ends } = encodedOrder(order);
  const startOf = (i: number) => (i ? (ends[i - 1] as number) : 0);
  let size = 0;
  for (const i of found) size += (ends[i] as number) - startOf(i);
  // Each id with its newline, less the last newline: the ids joined with newlines.
  const ids = new Uint8Array(Math.max(0, size - 1));
  let k = 0;
  for (const i of found) {
    if (k) ids[k++] = NEWLINE;
    for (let at = startOf(i), end = (ends[i] as number) - 1; at < end; at++) ids[k++] = bytes[at] as number;
  }
  return { ids, buckets, errors };
}

export function unpackAnswer(packed: PackedAnswer): SearchAnswer {
  const text = new TextDecoder().decode(packed.ids);
  return { ...packed, ids: text ? text.split('\n') : [] };
}
