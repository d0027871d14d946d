import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { EMBEDDING_DIMS, embed } from '../../src/vision/embedding';
import { SimilarIndex, vectorStore } from '../../src/search/similar';
import { EMBEDDING_VERSION, eachEmbeddingPage, type Pace } from '../../src/catalog/embedding-repo';
import type { EmbeddingRow } from '../../src/catalog/types';
import { seeded } from '../fixtures/photos.mjs';
import { useFreshDb } from './catalog-factories';

const FEATURES = EMBEDDING_DIMS;
const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] as number) * (b[i] as number);
    aa += (a[i] as number) ** 2;
    bb += (b[i] as number) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
};
/** Pooled features as a ReLU network gives them: non-negative, a shared part and the photo's own. */
const rnd = seeded(5);
const base = Float32Array.from({ length: FEATURES }, () => rnd() * 2);
const photoFeatures = (own: number, amount = 1) => {
  const r = seeded(own);
  return Float32Array.from(base, (b) => Math.max(0, b + (r() - 0.5) * 2 * amount));
};
const near = (of: Float32Array, seed: number, amount: number) => {
  const r = seeded(seed);
  return Float32Array.from(of, (x) => Math.max(0, x + (r() - 0.5) * amount));
};
const id = (n: number) => n.toString(16).padStart(64, '0');

describe('the stored vector', () => {
  it('keeps cosines to a few thousandths through int8', () => {
    for (let n = 0; n < 20; n++) {
      const [a, b] = [photoFeatures(2 * n + 1), photoFeatures(2 * n + 2)];
      const [ea, eb] = [embed(a), embed(b)];
      expect(ea.v).toHaveLength(EMBEDDING_DIMS);
      expect(ea.ver).toBe(EMBEDDING_VERSION);
      expect(Math.abs(cosine(a, b) - cosine(ea.v, eb.v))).toBeLessThan(0.005);
    }
  });
});

/** A reader handing over these rows as the catalogue's does, a page of up to 1,000 at a time. */
const given = (rows: readonly EmbeddingRow[]) => async (each: (page: readonly EmbeddingRow[]) => void) => {
  for (let at = 0; at < rows.length; at += 1000) each(rows.slice(at, at + 1000));
};

describe('More like this, by brute force over the stored vectors', () => {
  const row = (n: number, features: Float32Array): EmbeddingRow => ({ id: id(n), ...embed(features) });

  it('ranks the photos made like the asked one first, leaves out what is not allowed, and finds a photo by the start of its id', async () => {
    const a = photoFeatures(100);
    const rows = [row(1, a), row(2, near(a, 7, 0.3)), row(3, near(a, 8, 0.8)), { ...row(4, photoFeatures(4)), id: `abcdef${'0'.repeat(58)}` }, ...Array.from({ length: 200 }, (_, i) => row(10 + i, photoFeatures(1000 + i)))];
    const index = new SimilarIndex(undefined as never, given(rows));
    const found = await index.like(id(1), 5);
    expect(found.map((f) => f.id).slice(0, 2)).toEqual([id(2), id(3)]);
    expect(found).toHaveLength(5);
    expect(found.every((f, i) => i === 0 || (found[i - 1] as { score: number }).score >= f.score)).toBe(true);
    expect((await index.like(id(1), 5, (other) => other !== id(2))).map((f) => f.id)[0]).toBe(id(3));
    expect(await index.resolve(id(2))).toBe(id(2));
    expect(await index.resolve('ABCDEF')).toBe(`abcdef${'0'.repeat(58)}`);
    expect(await index.resolve('zzz')).toBeUndefined();
    expect(await index.like(id(999), 5)).toEqual([]);
  });

  it('keeps each photo its own vector when the rows come out of the order of their ids', async () => {
    const r = seeded(23);
    const rows = Array.from({ length: 600 }, (_, i): EmbeddingRow => ({ id: id((i * 7919) % 600), v: Int8Array.from({ length: EMBEDDING_DIMS }, () => Math.floor(r() * 255) - 127), s: 1 / 2000, ver: EMBEDDING_VERSION }));
    const index = new SimilarIndex(undefined as never, given(rows));
    const unit = (v: Int8Array) => {
      const norm = Math.hypot(...v);
      return Array.from(v, (x) => x / norm);
    };
    for (const row of rows) {
      const [mine] = await index.vectorsOf([row.id]);
      const own = unit(row.v);
      expect(mine).toHaveLength(own.length);
      expect(Math.max(...Array.from(mine ?? [], (x, j) => Math.abs(x - (own[j] as number))))).toBeLessThan(1e-6);
    }
    // The most alike of a photo is found by its own vector: a copy of it under another id.
    const copy = { ...(rows[0] as EmbeddingRow), id: id(5000) };
    const withCopy = new SimilarIndex(undefined as never, given([copy, ...rows]));
    expect((await withCopy.like(copy.id, 1))[0]).toEqual({ id: rows[0]?.id, score: expect.closeTo(1, 6) });
  });

  it('scans with wasm SIMD where it runs, with the same answers as the JavaScript loop', async () => {
    const r = seeded(11);
    const rows = (dims: number) => Array.from({ length: 3_000 }, (_, i): EmbeddingRow => ({ id: id(i), v: Int8Array.from({ length: dims }, () => Math.floor(r() * 255) - 127), s: 1 / 2000, ver: EMBEDDING_VERSION }));
    // Node runs wasm SIMD, as every current browser does; dimensions not a multiple of 16 take the loop.
    expect(vectorStore(10, EMBEDDING_DIMS).simd).toBe(true);
    expect(vectorStore(10, 20).simd).toBe(false);
    expect(vectorStore(10, EMBEDDING_DIMS, false).simd).toBe(false);
    for (const dims of [EMBEDDING_DIMS, 20]) {
      const stored = rows(dims);
      const [simd, loop] = [new SimilarIndex(undefined as never, given(stored)), new SimilarIndex(undefined as never, given(stored), false)];
      for (const q of [0, 1, 1234, 2999]) {
        const [a, b] = [await simd.like(id(q), 20), await loop.like(id(q), 20)];
        expect(a).toHaveLength(20);
        expect(a).toEqual(b);
      }
      // The extremes of int8 (−128·−128, 128 times over) stay exact in the i32 lanes.
      const extreme = [...stored.slice(0, 2).map((row) => ({ ...row, v: new Int8Array(dims).fill(-128) })), ...stored.slice(2)];
      const [x, y] = [new SimilarIndex(undefined as never, given(extreme)), new SimilarIndex(undefined as never, given(extreme), false)];
      expect((await x.like(id(0), 5))[0]).toEqual({ id: id(1), score: expect.closeTo(1, 6) });
      expect(await x.like(id(0), 5)).toEqual(await y.like(id(0), 5));
    }
  });

  it('answers in well under 100 ms at 100,000 photos', async () => {
    const r = seeded(3);
    const rows: EmbeddingRow[] = Array.from({ length: 100_000 }, (_, i) => ({ id: id(i), v: Int8Array.from({ length: EMBEDDING_DIMS }, () => Math.floor(r() * 255) - 127), s: 1 / 2000, ver: EMBEDDING_VERSION }));
    const index = new SimilarIndex(undefined as never, given(rows));
    await index.warm();
    for (let q = 0; q < 5; q++) await index.like(id(q), 50); // compiled by then
    const times: number[] = [];
    for (let q = 0; q < 40; q++) {
      const t0 = performance.now();
      await index.like(id(q * 2499), 50);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const p95 = times[Math.floor(times.length * 0.95)] as number;
    console.log(`similar at 100k: median ${times[20]?.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
    expect(p95).toBeLessThan(100);
  }, 60_000);
});

describe('the vectors in the catalogue', () => {
  const db = useFreshDb('similar');
  it('are read a page at a time, those of another version left out', async () => {
    await db().embeddings.bulkPut([
      ...Array.from({ length: 12_000 }, (_, i) => ({ id: id(i), v: new Int8Array(4), s: 1, ver: EMBEDDING_VERSION })),
      { id: id(99_999), v: new Int8Array(4), s: 1, ver: EMBEDDING_VERSION + 1 },
    ]);
    const pages: number[] = [];
    await eachEmbeddingPage(db(), (page) => pages.push(page.length));
    expect(pages).toEqual([...Array<number>(12).fill(1000), 0]);
  });

  it('read ahead by warm, pause between two pages; once a query waits for them, the rest go at once', async () => {
    await db().embeddings.bulkPut(Array.from({ length: 3_500 }, (_, i) => ({ id: id(i), v: new Int8Array([1, 2, 3, 4]), s: 1, ver: EMBEDDING_VERSION })));
    // Only warm: a pause before each page after the first (pages of 250: fourteen), each told how long the last took.
    const paced: number[] = [];
    const ahead = new SimilarIndex(db(), undefined, false, async (lastPageMs) => void paced.push(lastPageMs));
    expect(await ahead.warm()).toBe(3_500);
    expect(paced).toHaveLength(14);
    expect(paced.every((ms) => ms >= 0)).toBe(true);
    // A query from the start: no pause at all.
    let pauses = 0;
    const asked = new SimilarIndex(db(), undefined, false, async () => void pauses++);
    expect(await asked.like(id(0), 2)).toHaveLength(2);
    expect(pauses).toBe(0);
    // A pause that never ends by itself (the worker's waits for the searches under way, this query
    // among them): the query that arrives during it ends it, and the rest are read without one,
    // in pages of 1,000.
    let started = 0;
    const sizes: number[] = [];
    const counted = (each: (page: readonly EmbeddingRow[]) => void, pace?: Pace) => eachEmbeddingPage(db(), (page) => each((sizes.push(page.length), page)), pace);
    const stuck = new SimilarIndex(db(), counted, false, () => {
      started++;
      return new Promise(() => undefined);
    });
    const warming = stuck.warm();
    await vi.waitUntil(() => started === 1);
    expect(await stuck.like(id(0), 2)).toHaveLength(2);
    expect(await warming).toBe(3_500);
    expect(started).toBe(1);
    expect(sizes).toEqual([250, 1000, 1000, 1000, 250]);
  });

  it('none yet, or a first page all of another version: nothing to compare, not an error', async () => {
    const empty = new SimilarIndex(db());
    expect(await empty.warm()).toBe(0);
    expect(await empty.like(id(1), 5)).toEqual([]);
    const later = new SimilarIndex(undefined as never, async (each) => {
      each([]);
      each([{ id: id(1), v: new Int8Array([1, 2, 3, 4]), s: 1, ver: EMBEDDING_VERSION }, { id: id(2), v: new Int8Array([1, 2, 3, 5]), s: 1, ver: EMBEDDING_VERSION }]);
    });
    expect((await later.like(id(1), 5)).map((f) => f.id)).toEqual([id(2)]);
  });
});
