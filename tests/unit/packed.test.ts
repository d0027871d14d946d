import { expect, it } from 'vitest';
import { keptIds, type TimelineOrder } from '../../src/catalog/search-reads';
import { Numbering, numberedIds } from '../../src/catalog/numbering';
import { AnswerIds, ID_CHUNK, NO_IDS, packRange, unpackIds, type PackedIds } from '../../src/search/packed';

const order = (ids: string[]): TimelineOrder => ({ ...keptIds(ids), months: ids.map(() => 0), taken: ids.map((_, i) => i) });

it('packs a range of an answer from its order: any positions, in their order, ids of any length and script', () => {
  const o = order(['a1', 'bé-2', 'c', '写真']);
  const pack = (found: number[], from = 0, to = found.length) => unpackIds(packRange(o, found, from, to));
  expect(pack([3, 1, 0, 2])).toEqual(['写真', 'bé-2', 'a1', 'c']);
  expect(pack([3, 1, 0, 2], 1, 3)).toEqual(['bé-2', 'a1']);
  expect(pack([3, 1, 0, 2], 3, 99)).toEqual(['c']);
  expect(pack([1])).toEqual(['bé-2']);
  expect(pack([])).toEqual([]);
  // The order's bytes are kept: a second answer from it reads the same.
  expect(pack([2, 3])).toEqual(['c', '写真']);
});

it("packs a range of the postings' order from their numbering's bytes, photos gone since included", () => {
  const numbering = new Numbering();
  for (const id of ['a1', 'bé-2', 'c', '写真', 'gone-later']) numbering.add(id);
  const o: TimelineOrder = { ids: numberedIds(numbering, Uint32Array.of(4, 3, 1, 0)), months: [0, 0, 0, 0], taken: [0, 1, 2, 3], positionOf: () => -1 };
  numbering.remove(4);
  // Numbered since: the bytes grow into a new array, the order's numbers still read.
  for (let i = 0; i < 1000; i++) numbering.add(`later-${i}`);
  const pack = (found: number[], from = 0, to = found.length) => unpackIds(packRange(o, found, from, to));
  expect(pack([0, 1, 2, 3])).toEqual(['gone-later', '写真', 'bé-2', 'a1']);
  expect(pack([3, 1], 1, 9)).toEqual(['写真']);
  expect(pack([])).toEqual([]);
});

it('keeps the ids of an order read from IndexedDB as bytes: packed and placed as the strings were', () => {
  // 120,000 ids of different lengths and scripts.
  const ids = Array.from({ length: 120_000 }, (_, i) => (i % 3 ? `id${i}` : `写真-${i}-é`));
  const kept: TimelineOrder = { ...keptIds(ids), months: new Int32Array(ids.length), taken: new Float64Array(ids.length) };
  expect(kept.ids.length).toBe(ids.length);
  const found = [119_999, 0, 50_000, 49_999, 100_001];
  expect(unpackIds(packRange(kept, found, 0, 5))).toEqual(found.map((i) => ids[i]));
  expect(found.map((i) => kept.ids.at(i))).toEqual(found.map((i) => ids[i]));
  expect(ids.filter((id, i) => kept.positionOf(id) !== i)).toEqual([]);
  expect([kept.positionOf('nobody'), kept.positionOf(''), kept.ids.at(120_000)]).toEqual([-1, -1, undefined]);
  const none: TimelineOrder = { ...keptIds([]), months: [], taken: [] };
  expect([none.ids.length, unpackIds(packRange(none, [], 0, 10)), none.positionOf('a')]).toEqual([0, [], -1]);
});

/** An answer of `n` ids as the page holds it, with every call to the worker for more ids counted. */
function remote(n: number) {
  const o = order(Array.from({ length: n }, (_, i) => `id${i}`));
  const found = Uint32Array.from({ length: n }, (_, i) => n - 1 - i);
  const calls: [number, number][] = [];
  let released = false;
  const fetch = async (from: number, to: number): Promise<PackedIds | undefined> => {
    calls.push([from, to]);
    return released ? undefined : packRange(o, found, from, to);
  };
  const ids = new AnswerIds(n, packRange(o, found, 0, ID_CHUNK), fetch);
  return { ids, calls, release: () => (released = true), want: (i: number) => `id${n - 1 - i}` };
}

it('reads the head it came with without asking the worker, by position and slice', async () => {
  const { ids, calls, want } = remote(3);
  expect(ids.length).toBe(3);
  expect([await ids.at(0), await ids.at(2), await ids.at(3), await ids.at(-1)]).toEqual([want(0), want(2), undefined, undefined]);
  expect(await ids.slice(1)).toEqual([want(1), want(2)]);
  expect(await ids.slice(-2, -1)).toEqual([want(1)]);
  expect(await ids.slice(2, 1)).toEqual([]);
  expect(calls).toEqual([]);
  expect(await NO_IDS.slice()).toEqual([]);
});

it('asks the worker for the chunks past the head once, a run of them in one call, and keeps them', async () => {
  const n = ID_CHUNK * 3 + 10;
  const { ids, calls, want } = remote(n);
  const all = await ids.slice();
  expect(all).toHaveLength(n);
  expect(all.every((id, i) => id === want(i))).toBe(true);
  expect(calls).toEqual([[ID_CHUNK, n]]);
  expect(await ids.slice(ID_CHUNK - 2, ID_CHUNK * 2 + 1)).toEqual(Array.from({ length: ID_CHUNK + 3 }, (_, k) => want(ID_CHUNK - 2 + k)));
  expect(await ids.at(n - 1)).toBe(want(n - 1));
  expect(calls).toHaveLength(1);
});

it('reads a chunk asked for twice at once from one call; a released answer gives what it kept, and nothing past it', async () => {
  const n = ID_CHUNK * 4;
  const { ids, calls, release, want } = remote(n);
  const [a, b] = await Promise.all([ids.at(ID_CHUNK * 2 + 5), ids.slice(ID_CHUNK * 2, ID_CHUNK * 2 + 2)]);
  expect(a).toBe(want(ID_CHUNK * 2 + 5));
  expect(b).toEqual([want(ID_CHUNK * 2), want(ID_CHUNK * 2 + 1)]);
  expect(calls).toEqual([[ID_CHUNK * 2, ID_CHUNK * 3]]);
  release();
  expect(await ids.at(ID_CHUNK * 3)).toBeUndefined();
  expect(await ids.at(ID_CHUNK * 2 + 5)).toBe(want(ID_CHUNK * 2 + 5));
});

it('asks again for a chunk whose call failed', async () => {
  const o = order(Array.from({ length: ID_CHUNK * 2 }, (_, i) => `id${i}`));
  const found = Uint32Array.from({ length: ID_CHUNK * 2 }, (_, i) => i);
  let fail = true;
  const ids = new AnswerIds(found.length, packRange(o, found, 0, ID_CHUNK), async (from, to) => {
    if (fail) throw new Error('worker gone');
    return packRange(o, found, from, to);
  });
  await expect(ids.at(ID_CHUNK)).rejects.toThrow('worker gone');
  fail = false;
  expect(await ids.at(ID_CHUNK)).toBe(`id${ID_CHUNK}`);
});
