import { describe, expect, it } from 'vitest';
import { seeded } from '../fixtures/photos.mjs';
import { useFreshDb } from './catalog-factories';
import { fit, mergeAnswers, scoreOf, teach, unitVector } from '../../src/catalog/teach';
import { saveTaught, suggestTaught, taughtFor } from '../../src/catalog/taught-repo';
import { editLabels } from '../../src/catalog/label-repo';
import { writeOutcomes } from '../../src/catalog/photo-repo';
import { applyScanBatch } from '../../src/catalog/file-repo';
import { addSource } from '../../src/catalog/source-repo';
import { embed } from '../../src/vision/embedding';
import { EMBEDDING_VERSION, photosWithoutVectors, storeVectors } from '../../src/catalog/embedding-repo';
import { catalogueReads } from '../../src/catalog/search-reads';
import { search } from '../../src/search/planner';
import type { IndexOutcome, TaughtRow } from '../../src/catalog/types';

/**
 * Labels taught by example (catalog/teach.ts, taught-repo.ts). The vectors are made like the
 * detector's pooled features (all positive, most of each shared by every photo): subjects are a
 * direction added to a common base, with noise. The threshold is learned on one draw of photos and
 * checked on another it never saw.
 */
const DIMS = 128;
const rnd = seeded(7);
const base = Array.from({ length: DIMS }, () => 0.5 + rnd());
const subjects = Array.from({ length: 12 }, () => Array.from({ length: DIMS }, () => (rnd() < 0.15 ? 1.5 * rnd() : 0)));
/** A photo of subject `k`: the base, the subject's direction, noise; as features (not yet unit length). */
const features = (k: number, r: () => number) => base.map((b, j) => Math.max(0, b + ((subjects[k] as number[])[j] as number) + 0.35 * (r() - 0.5)));
const photos = (k: number, n: number, seed: number) => {
  const r = seeded(seed);
  return Array.from({ length: n }, () => unitVector(features(k, r)));
};

describe('a label taught from three photos', () => {
  // Subject 0 is taught; the library holds 20 more photos of it among 200 of eleven others.
  const examples = photos(0, 3, 1);
  const heldBack = photos(0, 20, 2);
  const others = Array.from({ length: 11 }, (_, k) => photos(k + 1, 18, 100 + k)).flat();
  const library = [...heldBack, ...others];

  it('ranks the held-back photos of its subject first', () => {
    const model = fit({ yes: examples, no: [], rest: library });
    const ranked = library.map((x, i) => ({ i, s: scoreOf(model, x) })).sort((a, b) => b.s - a.s);
    const top = ranked.slice(0, 20).filter((r) => r.i < heldBack.length).length;
    expect(top).toBeGreaterThanOrEqual(18);
  });

  it('learns a threshold that photos never seen cross only when they show the subject', () => {
    const model = teach({ yes: examples, no: [], rest: library }, photos(3, 30, 9), EMBEDDING_VERSION);
    // Photos made afterwards: of the subject, and of every other.
    const later = photos(0, 30, 50);
    const laterOthers = Array.from({ length: 11 }, (_, k) => photos(k + 1, 10, 500 + k)).flat();
    const found = later.filter((x) => scoreOf(model, x) >= model.threshold).length;
    const wrong = laterOthers.filter((x) => scoreOf(model, x) >= model.threshold).length;
    expect(found / later.length).toBeGreaterThan(0.8);
    expect(wrong / laterOthers.length).toBeLessThan(0.02);
  });

  it('learns from a no: a look-alike answered no ranks below the subject', () => {
    // Photos that look much like the subject (all of its look, and some of another), four of them answered no.
    const r = seeded(77);
    const lookAlike = (n: number) => Array.from({ length: n }, () => unitVector(base.map((b, j) => Math.max(0, b + ((subjects[0] as number[])[j] as number) + 0.5 * ((subjects[5] as number[])[j] as number) + 0.35 * (r() - 0.5)))));
    const alike = lookAlike(15);
    const rest = [...heldBack, ...alike, ...others];
    const before = fit({ yes: examples, no: [], rest });
    const after = fit({ yes: examples, no: alike.slice(0, 4), rest });
    // How many of the look-alikes not answered rank among the held-back photos of the subject (above the last of them).
    const mixedIn = (m: ReturnType<typeof fit>) => {
      const lowest = Math.min(...heldBack.map((x) => scoreOf(m, x)));
      return alike.slice(4).filter((x) => scoreOf(m, x) > lowest).length;
    };
    expect(mixedIn(before)).toBeGreaterThan(5);
    expect(mixedIn(after)).toBeLessThan(mixedIn(before) / 2);
  });

  it('keeps the later answer when answers are merged', () => {
    expect(mergeAnswers({ yes: ['a', 'b'], no: ['c'] }, ['c'], ['b'])).toEqual({ yes: ['a', 'c'], no: ['b'] });
  });
});

describe('a taught label in the catalogue', () => {
  const db = useFreshDb('teach');
  const hash = (n: number) => n.toString(16).padStart(64, '0');
  const image = () => ({ blob: new Blob([new Uint8Array([1])], { type: 'image/webp' }), width: 4, height: 3 });
  const r = seeded(3);
  const vectorOf = (k: number) => embed(features(k, r));
  const outcome = (fileId: number, n: number, k: number): IndexOutcome => ({
    kind: 'photo', fileId, hash: hash(n), name: `IMG_${n}.jpg`, mediaType: 'image/jpeg', meta: { takenAt: Date.UTC(2020, 0, n), keywords: [], warnings: [] },
    width: 4, height: 3, damaged: false, tile: image(), preview: image(), colors: [], monochrome: false,
    vision: { labels: [{ name: 'cat', score: 0.8 }], people: 0, embedding: vectorOf(k) },
  });
  /** Index photos `ns` of subjects `ks` (one file each). */
  async function index(items: { n: number; k: number }[]) {
    const source = (await db().sources.toCollection().first())?.id ?? (await addSource(db(), { name: 'Photos', kind: 'input' })).id;
    await applyScanBatch(db(), source, items.map((i) => ({ path: `IMG_${i.n}.jpg`, size: 100, mtime: i.n })));
    const jobs = await db().jobs.toArray();
    await writeOutcomes(db(), jobs.map((j) => {
      const item = items.find((i) => `IMG_${i.n}.jpg` === j.path) as { n: number; k: number };
      return { jobId: j.id as number, outcome: outcome(j.fileId, item.n, item.k) };
    }));
  }
  const labelOf = async (n: number, name: string) => (await db().photos.get(hash(n)))?.labelInfo.find((l) => l.name === name);
  const unit = async (n: number) => {
    const e = await db().embeddings.get(hash(n));
    return unitVector(e?.v ?? [], e?.s);
  };

  it('labels the confirmed photos as the person’s, suggests it to new photos above its threshold, and learns from the viewer’s answers', async () => {
    // Photos 1–3 and 4–5 of subject 0 ("shrek"), 10–29 of others.
    await index([...[1, 2, 3, 4, 5].map((n) => ({ n, k: 0 })), ...Array.from({ length: 20 }, (_, i) => ({ n: 10 + i, k: 1 + (i % 10) }))]);
    const yes = [1, 2, 3, 4].map(hash);
    const no = [hash(10)];
    const rest = await Promise.all(Array.from({ length: 19 }, (_, i) => unit(11 + i)));
    const model = teach({ yes: await Promise.all([1, 2, 3, 4].map(unit)), no: [await unit(10)], rest }, rest, EMBEDDING_VERSION);
    const row: TaughtRow = { name: 'shrek', yes, no, model, at: 1 };
    await saveTaught(db(), row);
    expect(await labelOf(1, 'shrek')).toEqual({ name: 'shrek', source: 'user' });
    expect((await db().photos.get(hash(1)))?.userEdits?.addedLabels).toEqual(['shrek']);
    expect((await db().labelCounts.get('label:shrek'))?.count).toBe(4);

    // The library's other photos: photo 5 is above the threshold, the others are not.
    const above = new Map<string, number>();
    for (let n = 5; n < 30; n++) {
      if (n > 5 && n < 10) continue;
      const [t] = taughtFor([row], await db().embeddings.get(hash(n)));
      if (t) above.set(hash(n), t.score);
    }
    expect([...above.keys()]).toEqual([hash(5)]);
    expect(await suggestTaught(db(), 'shrek', above)).toBe(1);
    expect((await labelOf(5, 'shrek'))?.source).toBe('taught');
    // Searchable, as a suggestion too.
    const reads = catalogueReads(db());
    expect((await search(reads, 'shrek', { includePrivate: false })).ids.sort()).toEqual([1, 2, 3, 4, 5].map(hash));

    // A photo indexed later gets it when it is the subject, not otherwise; the detector's labels stay.
    await index([{ n: 40, k: 0 }, { n: 41, k: 4 }]);
    expect((await labelOf(40, 'shrek'))?.source).toBe('taught');
    expect(await labelOf(40, 'cat')).toMatchObject({ source: 'model' });
    expect(await labelOf(41, 'shrek')).toBeUndefined();

    // The viewer: confirming makes it the person's and an answer yes; removing it is an answer no,
    // and it does not come back when the photo is indexed again.
    await editLabels(db(), hash(40), { add: 'shrek' });
    expect(await labelOf(40, 'shrek')).toEqual({ name: 'shrek', source: 'user' });
    await editLabels(db(), hash(5), { remove: 'shrek' });
    const kept = await db().taught.get('shrek');
    expect(kept?.yes).toContain(hash(40));
    expect(kept?.no).toContain(hash(5));
    // Indexed again (its file touched).
    const source = (await db().sources.toCollection().first())?.id as number;
    await applyScanBatch(db(), source, [{ path: 'IMG_5.jpg', size: 100, mtime: 999 }]);
    const jobs = await db().jobs.toArray();
    expect(jobs).toHaveLength(1);
    await writeOutcomes(db(), jobs.map((j) => ({ jobId: j.id as number, outcome: outcome(j.fileId, 5, 0) })));
    expect(await labelOf(5, 'shrek')).toBeUndefined();
    expect((await db().photos.get(hash(5)))?.userEdits?.removedLabels).toEqual(['shrek']);

    // A photo indexed before vectors were made gets one later (indexer/older-vectors.ts), and the suggestion with it.
    await db().embeddings.delete(hash(41));
    await db().embeddings.delete(hash(40));
    expect(await photosWithoutVectors(db())).toEqual([hash(40), hash(41)]);
    await storeVectors(db(), [{ id: hash(41), ...vectorOf(0) }]);
    expect((await labelOf(41, 'shrek'))?.source).toBe('taught');
    expect(await photosWithoutVectors(db())).toEqual([hash(40)]);

    // Taught again with photo 4 now a no: it loses the label the person had given it, for good.
    await saveTaught(db(), { ...row, ...mergeAnswers(kept, [], [hash(4)]) });
    expect(await labelOf(4, 'shrek')).toBeUndefined();
    expect((await db().photos.get(hash(4)))?.userEdits).toMatchObject({ addedLabels: [], removedLabels: ['shrek'] });
    expect((await db().taught.get('shrek'))?.no).toContain(hash(4));
    // 1–3 and 40 the person's, 41 suggested.
    expect((await db().labelCounts.get('label:shrek'))?.count).toBe(5);
  });
});
