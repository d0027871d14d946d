import 'fake-indexeddb/auto';
import { readFileSync, readdirSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { perceptualHash } from '../../src/imaging/phash';
import { NO_PICTURE, THRESHOLD, dupKeys, groupNear, hamming } from '../../src/catalog/near-duplicates';
import { exactCopies, filesGone, filesOfHidden, hiddenDuplicates, keepOne, lastKeep, nearDuplicateGroups, showAgain, storeHashes, undoKeep, unhashedCount, unhashedPhotos } from '../../src/catalog/duplicate-repo';
import { applyScanBatch } from '../../src/catalog/file-repo';
import { editPhoto, writeOutcomes } from '../../src/catalog/photo-repo';
import { editAlbums } from '../../src/catalog/album-repo';
import { editLabels, labelCounts } from '../../src/catalog/label-repo';
import { addSource } from '../../src/catalog/source-repo';
import { monthBuckets } from '../../src/catalog/timeline-repo';
import { seeded } from '../fixtures/photos.mjs';
import type { IndexOutcome } from '../../src/catalog/types';
import { useFreshDb } from './catalog-factories';
import { memoryFolder } from './memory-folder';
import { moveToTrash } from '../../src/library/trash';
import { trashFiles } from '../../src/views/trash-copies';

/** Made by tests/fixtures/make-duplicates.mjs: four sets of a real photo, its near duplicates, and distinct photos of its subject. */
const dir = new URL('../fixtures/duplicates/', import.meta.url);
const NEAR = ['original.jpg', 'half.jpg', 'q60.jpg', 'crop.jpg', 'bright.jpg', 'nometa.jpg', 'heic.heic'];
const DISTINCT = ['pan.jpg', 'zoom.jpg'];
const TUNED = ['party', 'dinner'];
const UNSEEN = ['mountain', 'paris'];

type Pixels = { data: ArrayLike<number>; width: number; height: number };
async function decodeHeic(bytes: Uint8Array): Promise<Pixels> {
  // @ts-expect-error libheif-js's bundle has no types; the app uses its wasm build (imaging/heic.ts).
  const { default: libheif } = await import('libheif-js/wasm-bundle');
  const image = new libheif.HeifDecoder().decode(bytes)[0];
  const out = { data: new Uint8ClampedArray(image.get_width() * image.get_height() * 4), width: image.get_width() as number, height: image.get_height() as number };
  await new Promise((resolve) => image.display(out, resolve));
  return out;
}
const hashes = new Map<string, string>();
async function hashOf(name: string): Promise<string> {
  if (!hashes.has(name)) {
    const bytes = readFileSync(new URL(name, dir));
    const px: Pixels = name.endsWith('.heic') ? await decodeHeic(new Uint8Array(bytes)) : jpeg.decode(bytes, { useTArray: true });
    hashes.set(name, perceptualHash(px.data, px.width, px.height));
  }
  return hashes.get(name) as string;
}
const distances = async (set: string, files: string[]) => Promise.all(files.map(async (f) => hamming(await hashOf(`${set}-original.jpg`), await hashOf(`${set}-${f}`))));

describe('the perceptual hash on real photos and their copies', { timeout: 30_000 }, () => {
  it('chose the threshold on two sets: every copy within it, every distinct photo of the subject beyond', async () => {
    const near = (await Promise.all(TUNED.map((s) => distances(s, NEAR)))).flat();
    const distinct = (await Promise.all(TUNED.map((s) => distances(s, DISTINCT)))).flat();
    // Measured: copies 0–10 bits from their original (the 5 % crop is the farthest), distinct 28–32.
    expect(Math.max(...near)).toBeLessThanOrEqual(THRESHOLD);
    expect(Math.min(...distinct)).toBeGreaterThan(THRESHOLD + 8);
  });

  it('holds on two sets it was not tuned on', async () => {
    for (const set of UNSEEN) {
      for (const d of await distances(set, NEAR)) expect(d, set).toBeLessThanOrEqual(THRESHOLD);
      for (const d of await distances(set, DISTINCT)) expect(d, set).toBeGreaterThan(THRESHOLD);
    }
  });

  it('groups every copy with its original and nothing else, across all four sets', async () => {
    const files = readdirSync(dir).sort();
    const groups = groupNear(await Promise.all(files.map(async (id) => ({ id, hash: await hashOf(id) }))));
    expect(groups.map((g) => g.sort())).toEqual(expect.arrayContaining([...TUNED, ...UNSEEN].map((set) => NEAR.map((f) => `${set}-${f}`).sort())));
    expect(groups).toHaveLength(4);
  });

  it('is unmoved by brightness and metadata, and moved by a different picture', async () => {
    expect(await hashOf('party-bright.jpg')).toBe(await hashOf('party-original.jpg'));
    expect(await hashOf('party-nometa.jpg')).toBe(await hashOf('party-original.jpg'));
    expect(await hashOf('party-original.jpg')).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('finding near duplicates through bands', () => {
  const random = seeded(17);
  const hex = () => Array.from({ length: 16 }, () => Math.floor(random() * 16).toString(16)).join('');
  const flip = (h: string, bits: number[]) => {
    const n = [...h].map((c) => parseInt(c, 16));
    for (const b of bits) n[b >> 2] = (n[b >> 2] as number) ^ (8 >> (b & 3));
    return n.map((v) => v.toString(16)).join('');
  };

  it('finds every pair up to 11 bits apart, however the bits fall, among 3,000 unrelated hashes', () => {
    const photos = Array.from({ length: 3000 }, (_, i) => ({ id: `r${i}`, hash: hex() }));
    // Three bits in each band but one, which has two: the worst case the bands still catch.
    const planted = Array.from({ length: 20 }, (_, i) => {
      const hash = hex();
      const bits = [0, 5, 9, 16, 21, 30, 33, 40, 47, 50, 60].map((b) => (b + i) % 64);
      return [{ id: `a${i}`, hash }, { id: `b${i}`, hash: flip(hash, bits) }] as const;
    });
    for (const [a, b] of planted) expect(hamming(a.hash, b.hash)).toBe(11);
    const groups = groupNear([...photos, ...planted.flat()]);
    for (const [a, b] of planted) expect(groups.find((g) => g.includes(a.id))).toContain(b.id);
  });

  it('groups no pair beyond the threshold, and agrees with comparing all pairs on a small set', () => {
    const photos = Array.from({ length: 400 }, (_, i) => ({ id: `r${i}`, hash: hex() }));
    // Pairs at 9 and 16 bits: the first groups, the second does not.
    photos.push({ id: 'x', hash: '0123456789abcdef' }, { id: 'y', hash: flip('0123456789abcdef', [1, 2, 3, 17, 18, 35, 36, 50, 51]) });
    photos.push({ id: 'p', hash: 'fedcba9876543210' }, { id: 'q', hash: flip('fedcba9876543210', [0, 1, 2, 3, 4, 16, 17, 18, 19, 33, 34, 35, 36, 50, 51, 52]) });
    const groups = groupNear(photos);
    const pairs = new Set(groups.flatMap((g) => g.flatMap((a) => g.map((b) => `${a}|${b}`))));
    expect(pairs.has('x|y')).toBe(true);
    expect(pairs.has('p|q')).toBe(false);
    // Two random hashes are about 32 bits apart: union–find adds only pairs within the threshold.
    for (const a of photos) for (const b of photos) if (a.id < b.id && hamming(a.hash, b.hash) <= THRESHOLD && hamming(a.hash, b.hash) <= 11) expect(pairs.has(`${a.id}|${b.id}`)).toBe(true);
  });

  it('indexes each band with the whole hash', () => {
    expect(dupKeys('0123456789abcdef')).toEqual(['00123' + '0123456789abcdef', '14567' + '0123456789abcdef', '289ab' + '0123456789abcdef', '3cdef' + '0123456789abcdef']);
    expect(dupKeys(undefined)).toEqual([]);
  });
});

describe('the Duplicates view’s catalogue', () => {
  const db = useFreshDb('duplicates');
  const image = () => ({ blob: new Blob([new Uint8Array([1])], { type: 'image/webp' }), width: 4, height: 3 });
  const id = (n: number) => n.toString(16).padStart(64, '0');
  const photo = (fileId: number, n: number, phash: string | undefined, width = 640): IndexOutcome => ({
    kind: 'photo', fileId, hash: id(n), name: `IMG_${n}.jpg`, mediaType: 'image/jpeg', meta: { takenAt: Date.UTC(2019, 6, n), keywords: [], warnings: [] },
    width, height: (width * 3) / 4, damaged: false, tile: image(), preview: image(), colors: [], monochrome: false, ...(phash ? { phash } : {}),
  });
  /** Files `path` → photo n with this hash (undefined: indexed before hashes existed). */
  async function index(files: { path: string; n: number; phash?: string; width?: number }[]) {
    const source = await addSource(db(), { name: 'Photos', kind: 'input' });
    await applyScanBatch(db(), source.id, files.map((f) => ({ path: f.path, size: 100 + f.n, mtime: f.n })));
    const jobs = await db().jobs.toArray();
    await writeOutcomes(db(), jobs.map((j) => {
      const f = files.find((x) => x.path === j.path) as (typeof files)[number];
      return { jobId: j.id as number, outcome: photo(j.fileId, f.n, f.phash, f.width) };
    }));
  }
  const A = '0123456789abcdef';
  const shownMonth = async () => (await monthBuckets(db())).reduce((n, m) => n + m.visible, 0);

  it('gives a photo indexed without a hash one when it is indexed again, keeping the person’s edits', async () => {
    await index([{ path: 'a.jpg', n: 1 }]);
    await editPhoto(db(), id(1), { rating: 5 });
    expect((await db().photos.get(id(1)))?.dupKeys).toEqual([]);
    const job = await db().jobs.add({ sourceId: 1, path: 'a.jpg', fileId: 1 });
    await writeOutcomes(db(), [{ jobId: job as number, outcome: photo(1, 1, A) }]);
    expect(await db().photos.get(id(1))).toMatchObject({ phash: A, rating: 5, dupKeys: dupKeys(A) });
  });

  it('groups near duplicates with the largest suggested first, lists their files, and leaves distinct photos out', async () => {
    await index([
      { path: 'small/a.jpg', n: 1, phash: A, width: 320 },
      { path: 'big/a.jpg', n: 2, phash: '0123456789abcdee', width: 1280 },
      { path: 'other.jpg', n: 3, phash: 'fedcba9876543210' },
      { path: 'old.jpg', n: 4 },
    ]);
    const groups = await nearDuplicateGroups(db(), false);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.members.map((m) => [m.photo.id, m.files.map((f) => `${f.source}/${f.path}`)])).toEqual([[id(2), ['Photos/big/a.jpg']], [id(1), ['Photos/small/a.jpg']]]);
  });

  it('keeps one: the others leave the timeline, their edits join the keeper, and one undo puts everything back', async () => {
    await index([{ path: 'a.jpg', n: 1, phash: A, width: 1280 }, { path: 'b.jpg', n: 2, phash: A }, { path: 'c.jpg', n: 3, phash: A }]);
    await editPhoto(db(), id(2), { rating: 4, favorite: true, title: 'Shrek' });
    await editAlbums(db(), id(2), { add: 'Summer 2019' });
    await editLabels(db(), id(3), { add: 'boat' });
    await editPhoto(db(), id(1), { rating: 2 });
    expect(await shownMonth()).toBe(3);

    await keepOne(db(), id(1), [id(2), id(3)]);
    const kept = await db().photos.get(id(1));
    expect(kept).toMatchObject({ rating: 2, favorite: true, title: 'Shrek', albums: ['Summer 2019'], hidden: 0 });
    expect(kept?.labels).toContain('boat');
    expect(await db().photos.get(id(2))).toMatchObject({ duplicateOf: id(1), hidden: 2 });
    expect(await shownMonth()).toBe(1);
    expect(await nearDuplicateGroups(db(), false)).toEqual([]);
    expect((await labelCounts(db())).find((l) => l.name === 'boat')).toMatchObject({ count: 1, cover: id(1) });
    expect(await lastKeep(db())).toMatchObject({ keeper: id(1) });

    await undoKeep(db());
    expect(await db().photos.get(id(1))).toMatchObject({ rating: 2, hidden: 0 });
    const keeper = await db().photos.get(id(1));
    expect([keeper?.favorite, keeper?.title, keeper?.albums, keeper?.labels.includes('boat')]).toEqual([undefined, undefined, undefined, false]);
    expect(await db().photos.get(id(2))).toMatchObject({ rating: 4, favorite: true, title: 'Shrek', hidden: 0 });
    expect((await db().photos.get(id(2)))?.duplicateOf).toBeUndefined();
    expect(await shownMonth()).toBe(3);
    expect(await lastKeep(db())).toBeUndefined();
  });

  it('lists every photo hidden as a duplicate, not stack members, and shows one again with its own edits', async () => {
    await index([{ path: 'a.jpg', n: 1, phash: A }, { path: 'b.jpg', n: 2, phash: A }, { path: 'c.jpg', n: 3, phash: A }, { path: 'd.jpg', n: 4 }]);
    await editPhoto(db(), id(2), { rating: 3 });
    await keepOne(db(), id(1), [id(2), id(3)]);
    // A RAW under its JPEG is hidden at the same level, but is no duplicate.
    await db().photos.update(id(4), { folded: true });
    expect((await db().photos.get(id(4)))?.hidden).toBe(2);
    expect((await hiddenDuplicates(db())).map((p) => p.id).sort()).toEqual([id(2), id(3)]);
    await showAgain(db(), id(2));
    expect(await db().photos.get(id(2))).toMatchObject({ rating: 3, hidden: 0 });
    expect((await db().photos.get(id(2)))?.userEdits).not.toHaveProperty('duplicateOf');
    expect(await shownMonth()).toBe(2);
  });

  it('undo shows the copies again but leaves an edit made since', async () => {
    await index([{ path: 'a.jpg', n: 1, phash: A }, { path: 'b.jpg', n: 2, phash: A }]);
    await keepOne(db(), id(1), [id(2)]);
    await editPhoto(db(), id(1), { rating: 5 });
    await undoKeep(db());
    expect(await db().photos.get(id(1))).toMatchObject({ rating: 5 });
    expect(await db().photos.get(id(2))).toMatchObject({ hidden: 0 });
  });

  it('offers the hidden copies’ files for the trash only from granted folders; a file gone leaves its photo missing', async () => {
    await index([{ path: 'a.jpg', n: 1, phash: A }, { path: 'b.jpg', n: 2, phash: A }]);
    await keepOne(db(), id(1), [id(2)]);
    // An upload ('input'): Shoebox holds no handle to write with.
    expect(await filesOfHidden(db())).toEqual({ files: [], others: 1 });
    // A granted folder (a plain stand-in: fake-indexeddb cannot store a handle's methods).
    await db().sources.update(1, { kind: 'fsa', handle: { kind: 'directory', name: 'Photos' } as unknown as FileSystemDirectoryHandle });
    const { files } = await filesOfHidden(db());
    expect(files.map((f) => f.file.path)).toEqual(['b.jpg']);
    await filesGone(db(), files.map((f) => f.file));
    expect(await db().photos.get(id(2))).toMatchObject({ missing: true, hidden: 2 });
    expect(await db().photos.get(id(1))).not.toHaveProperty('missing', true);
  });

  it('moves only what is still a hidden copy at the second confirmation: Undo in between leaves every file where it is', async () => {
    await index([{ path: 'a.jpg', n: 1, phash: A }, { path: 'b.jpg', n: 2, phash: A }, { path: 'c.jpg', n: 3, phash: A }]);
    await keepOne(db(), id(1), [id(2), id(3)]);
    const folder = memoryFolder({ 'a.jpg': 'keeper', 'b.jpg': 'copy', 'c.jpg': 'copy' });
    await db().sources.update(1, { kind: 'fsa', handle: { kind: 'directory', name: 'Photos' } as unknown as FileSystemDirectoryHandle });
    // Listed at the first click, in a folder the test holds.
    const listed = (await filesOfHidden(db())).files.map((f) => ({ ...f, source: { ...f.source, handle: folder.handle } }));
    expect(listed.map((f) => f.file.path)).toEqual(['b.jpg', 'c.jpg']);
    // A copy shown again is no longer offered, and one listed before is refused at the second click.
    await showAgain(db(), id(3));
    expect((await filesOfHidden(db())).files.map((f) => f.file.path)).toEqual(['b.jpg']);
    await undoKeep(db());
    const { moved, failed } = await trashFiles(db(), listed);
    expect(moved).toBe(0);
    expect(failed).toEqual(['b.jpg: shown again since it was listed; it was left where it is.', 'c.jpg: shown again since it was listed; it was left where it is.']);
    expect([...folder.files.keys()].sort()).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    expect(await db().files.count()).toBe(3);
    // Kept again, its keeper's file gone: the copies are the only ones left shown, so they stay too.
    await keepOne(db(), id(1), [id(2), id(3)]);
    await filesGone(db(), await db().files.where('hash').equals(id(1)).toArray());
    expect((await trashFiles(db(), listed)).moved).toBe(0);
    // With its keeper shown, a hidden copy goes.
    await db().files.add({ sourceId: 1, path: 'a.jpg', size: 6, mtime: 1, hash: id(1), status: 'indexed' });
    await db().photos.update(id(1), { missing: false });
    expect(await trashFiles(db(), listed)).toEqual({ moved: 2, failed: [] });
    expect([...folder.files.keys()].sort()).toEqual(['.shoebox-trash/b.jpg', '.shoebox-trash/c.jpg', 'a.jpg']);
  });

  it('finds the photos an older Shoebox left without a hash, and stores hashes found from their tiles unless indexed again meanwhile', async () => {
    await index([{ path: 'a.jpg', n: 1 }, { path: 'b.jpg', n: 2 }, { path: 'c.jpg', n: 3, phash: A }, { path: 'd.mov', n: 4, phash: NO_PICTURE }]);
    expect(await unhashedCount(db())).toBe(2);
    const todo = await unhashedPhotos(db(), 10);
    expect(todo.map((t) => t.photo.id).sort()).toEqual([id(1), id(2)]);
    expect(todo.every((t) => t.tile instanceof Blob)).toBe(true);
    // Photo 2 is indexed again (its own hash) before the older tiles' hashes land.
    const job = await db().jobs.add({ sourceId: 1, path: 'b.jpg', fileId: 2 });
    await writeOutcomes(db(), [{ jobId: job as number, outcome: photo(2, 2, 'fedcba9876543210') }]);
    await storeHashes(db(), [{ id: id(1), phash: A }, { id: id(2), phash: A }]);
    expect((await db().photos.get(id(2)))?.phash).toBe('fedcba9876543210');
    expect(await db().photos.get(id(1))).toMatchObject({ phash: A, dupKeys: dupKeys(A) });
    expect(await unhashedCount(db())).toBe(0);
    expect((await nearDuplicateGroups(db(), false)).map((g) => g.members.map((m) => m.photo.id).sort())).toEqual([[id(1), id(3)]]);
  });

  it('lists a photo held by several files as exact copies, with their folders', async () => {
    const source = await addSource(db(), { name: 'Phone', kind: 'input' });
    await applyScanBatch(db(), source.id, [{ path: 'DCIM/a.jpg', size: 100, mtime: 1 }, { path: 'Backup/a.jpg', size: 100, mtime: 2 }, { path: 'b.jpg', size: 100, mtime: 3 }]);
    const jobs = await db().jobs.toArray();
    await writeOutcomes(db(), jobs.map((j) => ({ jobId: j.id as number, outcome: photo(j.fileId, j.path === 'b.jpg' ? 2 : 1, undefined) })));
    const copies = await exactCopies(db(), false);
    expect(copies.map((c) => [c.photo.id, c.files.map((f) => `${f.source}/${f.path}`)])).toEqual([[id(1), ['Phone/Backup/a.jpg', 'Phone/DCIM/a.jpg']]]);
  });
});

describe('moving a hidden copy’s file to the trash', () => {
  it('moves it under .shoebox-trash at its path, never over another, and keeps the bytes', async () => {
    const folder = memoryFolder({ '2019/a.jpg': 'copy', '.shoebox-trash/2019/a.jpg': 'earlier', 'b.jpg': 'other' });
    expect(await moveToTrash(folder.handle, '2019/a.jpg')).toBe('.shoebox-trash/2019/a (2).jpg');
    expect(new TextDecoder().decode(folder.files.get('.shoebox-trash/2019/a (2).jpg'))).toBe('copy');
    expect(new TextDecoder().decode(folder.files.get('.shoebox-trash/2019/a.jpg'))).toBe('earlier');
    expect(folder.files.has('2019/a.jpg')).toBe(false);
    expect(folder.files.has('b.jpg')).toBe(true);
  });

  it('takes a name held by a folder as taken, and moves nothing when it cannot tell whether a name is free', async () => {
    const folder = memoryFolder({ 'a.jpg': 'copy', 'b.jpg': 'copy' });
    const handle = folder.handle;
    let failure = 'TypeMismatchError';
    const trash = (dir: FileSystemDirectoryHandle) => new Proxy(dir, {
      get: (target, key) => key !== 'getFileHandle' ? Reflect.get(target, key)
        : (name: string, options?: { create?: boolean }) => (name === 'a.jpg' || name === 'b.jpg') && !options?.create ? Promise.reject(new DOMException('no', failure)) : target.getFileHandle(name, options),
    });
    // The trash folder's own names fail as the browser says; the folder being emptied reads as it is.
    const root = new Proxy(handle, { get: (target, key) => key === 'getDirectoryHandle' ? async (name: string, o?: { create?: boolean }) => {
      const dir = await target.getDirectoryHandle(name, o);
      return name === '.shoebox-trash' ? trash(dir) : dir;
    } : Reflect.get(target, key) });
    expect(await moveToTrash(root, 'a.jpg')).toBe('.shoebox-trash/a (2).jpg');
    failure = 'NotAllowedError';
    await expect(moveToTrash(root, 'b.jpg')).rejects.toThrow('no');
    expect([...folder.files.keys()].sort()).toEqual(['.shoebox-trash/a (2).jpg', 'b.jpg']);
  });

  it('moves nothing without write access', async () => {
    const folder = memoryFolder({ 'a.jpg': 'copy' });
    folder.permission = 'denied';
    const source = { id: 1, name: 'Photos', kind: 'fsa' as const, addedAt: 0, handle: folder.handle };
    const file = { id: 1, sourceId: 1, path: 'a.jpg', size: 4, mtime: 1, status: 'indexed' as const };
    await expect(trashFiles(undefined as never, [{ file, source }])).rejects.toThrow('Shoebox may not change the folder “Photos”: nothing was moved.');
    expect([...folder.files.keys()]).toEqual(['a.jpg']);
  });
});
