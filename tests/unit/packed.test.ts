import { expect, it } from 'vitest';
import type { TimelineOrder } from '../../src/catalog/search-reads';
import { NO_IDS, packPlaced, pageAnswer, unpackAnswer } from '../../src/search/packed';

it('packs an answer from its order: any positions, in their order, ids of any length and script', () => {
  const ids = ['a1', 'bé-2', 'c', '写真'];
  const order: TimelineOrder = { ids, months: [0, 0, 0, 0], taken: [0, 1, 2, 3] };
  const pack = (found: number[]) => unpackAnswer(packPlaced({ order, found, buckets: [], errors: [] })).ids;
  expect(pack([3, 1, 0, 2])).toEqual(['写真', 'bé-2', 'a1', 'c']);
  expect(pack([1])).toEqual(['bé-2']);
  expect(pack([])).toEqual([]);
  // The order's bytes are kept: a second answer from it reads the same.
  expect(pack([2, 3])).toEqual(['c', '写真']);
});

it('reads a packed answer by position, decoding only what is asked for', () => {
  const ids = ['a1', 'bé-2', 'c', '写真'];
  const order: TimelineOrder = { ids, months: [0, 0, 0, 0], taken: [0, 1, 2, 3] };
  const answer = pageAnswer(packPlaced({ order, found: [3, 1, 0], buckets: [], errors: [] }));
  expect(answer.ids.length).toBe(3);
  expect([answer.ids.at(0), answer.ids.at(2), answer.ids.at(3), answer.ids.at(-1)]).toEqual(['写真', 'a1', undefined, undefined]);
  expect(answer.ids.slice(1)).toEqual(['bé-2', 'a1']);
  expect(answer.ids.slice(-2, -1)).toEqual(['bé-2']);
  expect(answer.ids.slice(2, 1)).toEqual([]);
  expect(NO_IDS.slice()).toEqual([]);
});
