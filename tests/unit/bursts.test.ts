import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { perceptualHash } from '../../src/imaging/phash';
import { hamming } from '../../src/catalog/near-duplicates';
import { BURST_THRESHOLD, BURST_WINDOW, burstPairs, joinPairs } from '../../src/catalog/bursts';
import { burstOffers, lastBurst, stackBurst, unstackBurst } from '../../src/catalog/burst-repo';
import { applyScanBatch } from '../../src/catalog/file-repo';
import { writeOutcomes } from '../../src/catalog/photo-repo';
import { addSource } from '../../src/catalog/source-repo';
import { pickTop, setUnstacked, stackFiles } from '../../src/catalog/stack-repo';
import { monthBuckets } from '../../src/catalog/timeline-repo';
import type { IndexOutcome } from '../../src/catalog/types';
import { useFreshDb } from './catalog-factories';
import { localWork, writeWork } from '../../src/catalog/folder-work-repo';

/** Made by tests/fixtures/make-bursts.mjs from a real photo: four frames of a burst, and three shots that are not its frames. */
const FRAMES = ['frame-1', 'frame-2', 'frame-3', 'frame-4'];
const hashOf = (dir: string, name: string) => {
  const px = jpeg.decode(readFileSync(new URL(`../fixtures/${dir}/${name}.jpg`, import.meta.url)), { useTArray: true });
  return perceptualHash(px.data, px.width, px.height);
};
const burst = Object.fromEntries([...FRAMES, 'other-camera', 'later', 'pan'].map((n) => [n, hashOf('bursts', n)]));

describe('bursts by perceptual hash', () => {
  it('finds each frame of a real burst near the frame before, and distinct photos of one subject beyond the threshold', () => {
    const steps = FRAMES.slice(1).map((f, i) => hamming(burst[FRAMES[i] as string] as string, burst[f] as string));
    expect(Math.max(...steps)).toBeLessThanOrEqual(BURST_THRESHOLD);
    // The same scene panned, and the four sets of the duplicates fixtures' pans and zooms.
    const distinct = [hamming(burst['frame-4'] as string, burst.pan as string), ...['party', 'dinner', 'mountain', 'paris'].flatMap((s) => ['pan', 'zoom'].map((d) => hamming(hashOf('duplicates', `${s}-original`), hashOf('duplicates', `${s}-${d}`))))];
    expect(Math.min(...distinct)).toBeGreaterThan(BURST_THRESHOLD + 4);
  });

  it('compares each photo with those just before it only: seconds apart, and no more than the window', () => {
    const same = Array.from({ length: 1000 }, (_, i) => ({ id: `p${i}`, takenAt: 0, hash: '0000000000000000' }));
    expect(burstPairs(same)).toHaveLength(BURST_WINDOW * 1000 - (BURST_WINDOW * (BURST_WINDOW + 1)) / 2);
    const spread = Array.from({ length: 10 }, (_, i) => ({ id: `p${i}`, takenAt: i * 6000, hash: '0000000000000000' }));
    expect(burstPairs(spread)).toEqual([]);
    expect(joinPairs(['a', 'b', 'c', 'd'], [[0, 1], [1, 3]])).toEqual([['a', 'b', 'd']]);
  });
});

describe('bursts in the catalogue', () => {
  const db = useFreshDb('bursts');
  const image = () => ({ blob: new Blob([new Uint8Array([1])], { type: 'image/webp' }), width: 4, height: 3 });
  const id = (n: number) => n.toString(16).padStart(64, '0');
  const at = (s: number) => Date.UTC(2015, 4, 20, 21, 40, s);
  /** The fixtures as indexed: name, seconds after 21:40:00, camera model, hash. */
  const SHOTS: [string, number, string][] = [['frame-1', 0, 'Burst'], ['frame-2', 1, 'Burst'], ['frame-3', 2, 'Burst'], ['frame-4', 4, 'Burst'], ['other-camera', 3, 'Other'], ['later', 64, 'Burst'], ['pan', 5, 'Burst']];
  const outcome = (fileId: number, n: number): IndexOutcome => {
    const [name, s, model] = SHOTS[n - 1] as [string, number, string];
    return {
      kind: 'photo', fileId, hash: id(n), name: `${name}.jpg`, mediaType: 'image/jpeg', meta: { takenAt: at(s), make: 'Shoebox', model, keywords: [], warnings: [] },
      width: 480, height: 320, damaged: false, tile: image(), preview: image(), colors: [], monochrome: false, phash: burst[name],
    };
  };
  async function index(folder = 'Roll') {
    const source = await addSource(db(), { name: 'Photos', kind: 'input' });
    await applyScanBatch(db(), source.id, SHOTS.map(([name], i) => ({ path: `${folder}/${name}.jpg`, size: 100 + i, mtime: i })));
    await writeOutcomes(db(), (await db().jobs.toArray()).map((j) => ({ jobId: j.id as number, outcome: outcome(j.fileId, SHOTS.findIndex(([n]) => j.path.endsWith(`/${n}.jpg`)) + 1) })));
  }
  const shown = async () => (await monthBuckets(db())).reduce((n, m) => n + m.visible, 0);

  it('offers the frames of one camera seconds apart, not the other camera, the later shot or the pan', async () => {
    await index();
    const offers = await burstOffers(db(), false);
    expect(offers.map((o) => o.members.map((m) => m.photo.name))).toEqual([FRAMES.map((f) => `${f}.jpg`)]);
    expect(offers[0]).toMatchObject({ camera: 'Shoebox Burst', span: 4000 });
  });

  it('stacks a burst as the person’s edit: one photo in the timeline, kept through a re-index, undone whole', async () => {
    await index();
    expect(await shown()).toBe(7);
    const ids = [1, 2, 3, 4].map(id);
    const burstId = await stackBurst(db(), [...ids].reverse());
    expect(burstId).toBe(id(1));
    expect(await db().photos.get(id(1))).toMatchObject({ stack: `burst:${id(1)}`, stackSize: 4, hidden: 0 });
    expect(await db().photos.get(id(3))).toMatchObject({ stack: `burst:${id(1)}`, folded: true, hidden: 2, userEdits: { burst: id(1) } });
    expect(await shown()).toBe(4);
    expect(await burstOffers(db(), false)).toEqual([]);
    expect(await lastBurst(db())).toEqual({ id: id(1), frames: 4 });
    expect((await stackFiles(db(), { stack: `burst:${id(1)}` })).map((f) => f.path)).toEqual(FRAMES.map((f) => `Roll/${f}.jpg`));

    // Indexed again (a rescan after the files' dates changed): the frames stay stacked.
    const source = (await db().sources.toArray())[0]?.id as number;
    const files = await db().files.where('sourceId').equals(source).toArray();
    const jobs = await Promise.all(files.filter((f) => f.path.includes('frame-')).map(async (f) => ({ jobId: (await db().jobs.add({ sourceId: source, path: f.path, fileId: f.id as number })) as number, n: parseInt(f.hash as string, 16), fileId: f.id as number })));
    await writeOutcomes(db(), jobs.map((j) => ({ jobId: j.jobId, outcome: outcome(j.fileId, j.n) })));
    expect(await db().photos.get(id(3))).toMatchObject({ folded: true, hidden: 2 });
    expect(await db().photos.get(id(1))).toMatchObject({ stackSize: 4, hidden: 0 });
    expect(await shown()).toBe(4);

    // The viewer's choices work on it as on any stack.
    await pickTop(db(), id(2));
    expect(await db().photos.get(id(2))).toMatchObject({ stackSize: 4, hidden: 0 });
    expect(await db().photos.get(id(1))).toMatchObject({ folded: true, hidden: 2 });
    await setUnstacked(db(), id(2), true);
    expect(await shown()).toBe(7);
    await setUnstacked(db(), id(2), false);
    expect(await shown()).toBe(4);

    await unstackBurst(db(), burstId);
    for (const n of [1, 2, 3, 4]) {
      const p = await db().photos.get(id(n));
      expect([p?.stack, p?.folded, p?.hidden, p?.userEdits?.burst, p?.userEdits?.stackTop]).toEqual([undefined, undefined, 0, undefined, undefined]);
    }
    expect(await shown()).toBe(7);
    expect(await lastBurst(db())).toBeUndefined();
    expect((await burstOffers(db(), false))[0]?.members).toHaveLength(4);
  });

  it('a burst stacked on another device arrives through the folder’s catalogue, and so does taking it apart', async () => {
    await index();
    const ids = [1, 2, 3, 4].map(id);
    const burstId = await stackBurst(db(), ids);
    const stacked = await localWork(db(), ids);
    await unstackBurst(db(), burstId);
    const apart = await localWork(db(), ids);
    expect(await shown()).toBe(7);
    await writeWork(db(), stacked);
    expect(await db().photos.get(id(1))).toMatchObject({ stack: `burst:${id(1)}`, stackSize: 4, hidden: 0 });
    expect(await db().photos.get(id(4))).toMatchObject({ folded: true, hidden: 2 });
    expect(await shown()).toBe(4);
    await writeWork(db(), apart);
    expect((await db().photos.get(id(4)))?.stack).toBeUndefined();
    expect(await shown()).toBe(7);
  });

  it('will not stack a photo that is in a stack already', async () => {
    await index();
    await stackBurst(db(), [id(1), id(2)]);
    await expect(stackBurst(db(), [id(2), id(3)])).rejects.toThrow('in a stack already');
  });
});
