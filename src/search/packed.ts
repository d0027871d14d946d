import type { SearchAnswer } from './planner';

/**
 * A search answer as it crosses from the search worker to the page: the ids as one buffer of
 * newline-separated text, transferred rather than copied. Cloning tens of thousands of strings
 * one by one is what made large answers slow to hand over (issue 14); one buffer moves at once.
 */
export interface PackedAnswer extends Omit<SearchAnswer, 'ids'> {
  ids: Uint8Array;
}

export function packAnswer(answer: SearchAnswer): PackedAnswer {
  return { ...answer, ids: new TextEncoder().encode(answer.ids.join('\n')) };
}

export function unpackAnswer(packed: PackedAnswer): SearchAnswer {
  const text = new TextDecoder().decode(packed.ids);
  return { ...packed, ids: text ? text.split('\n') : [] };
}
