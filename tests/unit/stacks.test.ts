import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import exifr from 'exifr';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShoeboxDb } from '../../src/catalog/db';
import { applyScanBatch, markForReindex, markVanished } from '../../src/catalog/file-repo';
import { labelCounts } from '../../src/catalog/label-repo';
import { writeOutcomes } from '../../src/catalog/photo-repo';
import { catalogueReads } from '../../src/catalog/search-reads';
import { search } from '../../src/search/planner';
import { addSource } from '../../src/catalog/source-repo';
import { motionOf, pickTop, setUnstacked, stackFiles } from '../../src/catalog/stack-repo';
import { groupKey, topOf } from '../../src/catalog/stack-rules';
import { keysOfMonth, monthBuckets, monthOf, neighbour } from '../../src/catalog/timeline-repo';
import type { IndexOutcome, PhotoRow } from '../../src/catalog/types';
import { ALL_FORMATS, BlobSource, Input } from 'mediabunny';
import { appleBurstId, appleContentId } from '../../src/imaging/apple-maker-note';
import { EXIFR_OPTIONS, mapExif, type RawTags } from '../../src/imaging/exif-map';
import { videoMeta } from '../../src/imaging/video-meta';

const FIXTURES = new URL('../fixtures/stacks/', import.meta.url);

describe('which files are one shot', () => {
  it('a RAW and its JPEG (or HEIC, or a Live Photo MOV): same folder, same base name, any case', () => {
    expect(groupKey('2024/IMG_0001.CR2')).toBe(groupKey('2024/IMG_0001.JPG'));
    expect(groupKey('2024/IMG_0001.cr2')).toBe(groupKey('2024/img_0001.heic'));
    expect(groupKey('2024/IMG_0002.JPG')).toBe(groupKey('2024/IMG_0002.MOV'));
    expect(groupKey('2024/IMG_0001.JPG')).not.toBe(groupKey('2025/IMG_0001.CR2'));
    expect(groupKey('2024/IMG_0001.JPG')).not.toBe(groupKey('2024/IMG_0002.JPG'));
  });

  it('a burst, as the camera names its frames; nothing else is guessed', () => {
    const google = ['00000IMG_00000_BURST20240501100000123_COVER.jpg', '00001IMG_00001_BURST20240501100000123.jpg'];
    expect(groupKey(`b/${google[0]}`)).toBe(groupKey(`b/${google[1]}`));
    expect(groupKey('b/IMG_20190101_120000_BURST001_COVER.jpg')).toBe(groupKey('b/IMG_20190101_120000_BURST002.jpg'));
    expect(groupKey('b/20190101_120000_Burst01.jpg')).toBe(groupKey('b/20190101_120000_Burst02.jpg'));
    expect(groupKey('b/00000IMG_00000_BURST20240501100000123_COVER.jpg')).not.toBe(groupKey('b/00000IMG_00000_BURST20240501100000999_COVER.jpg'));
    // Two shots a second apart are two photos: time alone never stacks.
    expect(groupKey('b/20190101_120000.jpg')).not.toBe(groupKey('b/20190101_120001.jpg'));
  });

  it('the JPEG is on top, else a non-RAW, else the first by path; the person’s pick wins; order does not matter', () => {
    const raw = { id: 'r', mediaType: 'image/x-canon-cr2', path: 'a/IMG_1.CR2' };
    const heic = { id: 'h', mediaType: 'image/heic', path: 'a/IMG_1.HEIC' };
    const jpeg = { id: 'j', mediaType: 'image/jpeg', path: 'a/IMG_1.JPG' };
    expect(topOf([raw, heic, jpeg])?.id).toBe('j');
    expect(topOf([jpeg, heic, raw])?.id).toBe('j');
    expect(topOf([raw, heic])?.id).toBe('h');
    expect(topOf([{ ...raw, pickedTop: true }, jpeg])?.id).toBe('r');
  });
});

let db: ShoeboxDb;
let seq = 0;
beforeEach(async () => {
  db = new ShoeboxDb(`stacks-${++seq}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const hash = (n: number) => n.toString(16).padStart(64, '0');
const image = () => ({ blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/webp' }), width: 4, height: 3 });
const TAKEN = Date.UTC(2024, 4, 1, 9);
const MEDIA: Record<string, string> = { JPG: 'image/jpeg', CR2: 'image/x-canon-cr2', DNG: 'image/x-adobe-dng', HEIC: 'image/heic', MOV: 'video/quicktime', jpg: 'image/jpeg' };

interface Spec { path: string; n: number; motion?: { fromEnd: number; length: number }; unsupported?: boolean; contentId?: string; burstId?: string }

/** The outcome the imaging worker gives for a file: a picture (RAW previews and videos included), or "not supported". */
function outcome(fileId: number, f: Spec): IndexOutcome {
  const mediaType = MEDIA[f.path.slice(f.path.lastIndexOf('.') + 1)] as string;
  if (f.unsupported) return { kind: 'problem', fileId, status: 'unsupported', error: 'not shown yet', mediaType, hash: hash(f.n) };
  return {
    kind: 'photo', fileId, hash: hash(f.n), name: f.path.slice(f.path.lastIndexOf('/') + 1), mediaType,
    meta: { takenAt: TAKEN + f.n * 1000, keywords: [], warnings: [], ...(f.motion ? { motion: f.motion } : {}), ...(f.contentId ? { contentId: f.contentId } : {}), ...(f.burstId ? { burstId: f.burstId } : {}) },
    width: 4, height: 3, damaged: false, tile: image(), preview: image(), colors: ['blue'], monochrome: false,
    vision: { labels: [{ name: 'cat', score: 0.9 }], people: 0 },
  };
}

/** Scan these files (a batch as the scanner gives it) and index whatever got queued, in the order given. */
async function scanAndIndex(sourceId: number, files: Spec[], all = files) {
  await applyScanBatch(db, sourceId, files.map((f) => ({ path: f.path, size: 100 + f.n, mtime: 1000 })));
  const jobs = await db.jobs.toArray();
  const byPath = new Map(all.map((f) => [f.path, f]));
  await writeOutcomes(db, jobs.map((j) => ({ jobId: j.id as number, outcome: outcome(j.fileId, byPath.get(j.path) as Spec) })));
  await markVanished(db, sourceId, new Set(all.map((f) => f.path)));
}

const timeline = async (includePrivate = false) => (await keysOfMonth(db, monthOf(TAKEN), includePrivate)).map(([, id]) => id);
const photo = async (n: number) => (await db.photos.get(hash(n))) as PhotoRow;
const PAIR: Spec[] = [{ path: 'DCIM/IMG_0001.CR2', n: 1 }, { path: 'DCIM/IMG_0001.JPG', n: 2 }, { path: 'DCIM/other.jpg', n: 3 }];

describe('stacks in the catalogue', () => {
  it('a RAW + JPEG pair is one photo in the timeline, the JPEG on top, counted once, whatever order the files came in', async () => {
    for (const order of [PAIR, [...PAIR].reverse()]) {
      const source = (await addSource(db, { name: `Card ${order[0]?.n}`, kind: 'input' })).id;
      // One file per batch: the pair meets across batches.
      for (const f of order) await scanAndIndex(source, [f], order);
    }
    const sources = await db.sources.toArray();
    expect(sources).toHaveLength(2);
    // Both folders show the same bytes (copies), so the photos are the same: placed alike.
    expect(await timeline()).toEqual([hash(3), hash(2)]);
    expect(await timeline(true)).toEqual([hash(3), hash(2)]);
    expect(await photo(2)).toMatchObject({ stackSize: 2, hidden: 0 });
    expect((await photo(2)).folded).toBeUndefined();
    expect(await photo(1)).toMatchObject({ folded: true, hidden: 2 });
    expect((await photo(1)).stack).toBe((await photo(2)).stack);
    // Counts do not double: month, label, search.
    expect((await monthBuckets(db))[0]).toMatchObject({ count: 2, visible: 2 });
    expect((await labelCounts(db)).find((l) => l.key === 'label:cat')?.count).toBe(2);
    expect((await search(catalogueReads(db), 'cat')).ids).toEqual([hash(3), hash(2)]);
    expect(await neighbour(db, [TAKEN + 3000, hash(3)], 1)).toEqual([TAKEN + 2000, hash(2)]);
    expect(await neighbour(db, [TAKEN + 2000, hash(2)], 1, true)).toBeUndefined();
    // The viewer lists every file of the stack with its type.
    expect((await stackFiles(db, await photo(2))).map((f) => [f.path, f.mediaType, f.photoId])).toEqual([
      ['DCIM/IMG_0001.CR2', 'image/x-canon-cr2', hash(1)],
      ['DCIM/IMG_0001.JPG', 'image/jpeg', hash(2)],
    ]);
  });

  it('a RAW that is not shown yet (no photo) stacks nothing: the JPEG stays a plain photo', async () => {
    const source = (await addSource(db, { name: 'Card', kind: 'input' })).id;
    await scanAndIndex(source, [{ ...PAIR[0], unsupported: true } as Spec, PAIR[1] as Spec]);
    expect(await timeline()).toEqual([hash(2)]);
    expect(await photo(2)).toMatchObject({ hidden: 0 });
    expect((await photo(2)).stack).toBeUndefined();
  });

  it('Unstack and the pick are the person’s: they survive a rescan and a re-index', async () => {
    const source = (await addSource(db, { name: 'Card', kind: 'input' })).id;
    await scanAndIndex(source, PAIR);
    await pickTop(db, hash(1));
    expect(await timeline()).toEqual([hash(3), hash(1)]);
    expect(await photo(1)).toMatchObject({ stackSize: 2, userEdits: { stackTop: true } });
    await setUnstacked(db, hash(2), true);
    expect(await timeline()).toEqual([hash(3), hash(2), hash(1)]);
    expect((await monthBuckets(db))[0]).toMatchObject({ count: 3, visible: 3 });
    // A rescan (nothing changed), then a re-index of everything.
    await scanAndIndex(source, PAIR);
    await markForReindex(db, [source]);
    await scanAndIndex(source, PAIR);
    expect(await timeline()).toEqual([hash(3), hash(2), hash(1)]);
    await setUnstacked(db, hash(1), false);
    expect(await timeline()).toEqual([hash(3), hash(1)]);
  });

  it('the top gone from the folder: the other member comes up', async () => {
    const source = (await addSource(db, { name: 'Card', kind: 'input' })).id;
    await scanAndIndex(source, PAIR);
    await scanAndIndex(source, [PAIR[0] as Spec, PAIR[2] as Spec]);
    // The JPEG's photo stays, marked missing, until the person removes it; the RAW is shown again.
    expect(await timeline()).toEqual([hash(3), hash(2), hash(1)]);
    expect(await photo(2)).toMatchObject({ missing: true, hidden: 0 });
    expect(await photo(1)).toMatchObject({ hidden: 0 });
    expect((await photo(1)).folded).toBeUndefined();
  });

  it('a Live Photo is its still, live; its MOV is not in the timeline, shown as a photo or not', async () => {
    const source = (await addSource(db, { name: 'Phone', kind: 'input' })).id;
    const live: Spec[] = [{ path: 'IMG_0002.JPG', n: 4 }, { path: 'IMG_0002.MOV', n: 5, unsupported: true }];
    await scanAndIndex(source, live);
    expect(await photo(4)).toMatchObject({ live: true, hidden: 0 });
    expect(await timeline()).toEqual([hash(4)]);
    const [motion] = await motionOf(db, await photo(4));
    expect(motion?.file.path).toBe('IMG_0002.MOV');
    expect(motion?.range).toBeUndefined();
    // Once videos are photos (the MOV indexed), the MOV folds under its still.
    await markForReindex(db, [source]);
    await db.files.where('path').equals('IMG_0002.MOV').modify({ status: 'pending' });
    await scanAndIndex(source, live.map((f) => ({ ...f, unsupported: false })));
    expect(await photo(5)).toMatchObject({ folded: true, hidden: 2 });
    expect(await photo(4)).toMatchObject({ live: true, hidden: 0 });
    expect((await photo(4)).stackSize).toBeUndefined();
    expect(await timeline()).toEqual([hash(4)]);
  });

  it('a still and a MOV of the same name are one Live Photo unless both carry a ContentIdentifier and they differ', async () => {
    const source = (await addSource(db, { name: 'Phone', kind: 'input' })).id;
    const files: Spec[] = [
      // The same shot: the same id in both.
      { path: 'a/IMG_0010.HEIC', n: 10, contentId: 'AAAA' }, { path: 'a/IMG_0010.MOV', n: 11, contentId: 'AAAA' },
      // Two shots that share a name (two phones, one folder): not paired.
      { path: 'b/IMG_0010.HEIC', n: 12, contentId: 'BBBB' }, { path: 'b/IMG_0010.MOV', n: 13, contentId: 'CCCC' },
      // Only one of them says: paired by name.
      { path: 'c/IMG_0010.JPG', n: 14 }, { path: 'c/IMG_0010.MOV', n: 15, contentId: 'DDDD' },
    ];
    await scanAndIndex(source, files);
    expect(await photo(10)).toMatchObject({ live: true, contentId: 'AAAA' });
    expect(await photo(11)).toMatchObject({ folded: true, hidden: 2 });
    expect((await photo(12)).live).toBeUndefined();
    expect((await photo(13)).folded).toBeUndefined();
    expect((await photo(13)).stack).toBeUndefined();
    expect(await motionOf(db, await photo(12))).toEqual([]);
    expect(await photo(14)).toMatchObject({ live: true });
    expect(await photo(15)).toMatchObject({ folded: true });
    expect(await timeline()).toEqual([hash(14), hash(13), hash(12), hash(10)]);
  });

  it('a renamed still and its MOV pair by ContentIdentifier; a same-named RAW that says nothing joins them; any order', async () => {
    // Read from the fixtures (make-stacks.mjs): Beach.JPG was IMG_0004.JPG.
    const still = await fixtureIds('Beach.JPG');
    const mov = new Input({ source: new BlobSource(new Blob([readFileSync(new URL('IMG_0004.MOV', FIXTURES))])), formats: ALL_FORMATS });
    const movId = videoMeta(await mov.getMetadataTags()).contentId;
    mov.dispose();
    expect(movId).toBe(still.contentId);
    const files: Spec[] = [
      { path: 'a/Beach.JPG', n: 20, contentId: still.contentId }, { path: 'a/IMG_0004.MOV', n: 21, contentId: movId },
      { path: 'a/Beach.DNG', n: 22 }, { path: 'a/IMG_0009.MOV', n: 23, contentId: 'another shot' },
    ];
    for (const order of [files, [...files].reverse()]) {
      const source = (await addSource(db, { name: `Phone ${order[0]?.n}`, kind: 'input' })).id;
      for (const f of order) await scanAndIndex(source, [f], order); // one file per batch
    }
    expect(await photo(20)).toMatchObject({ live: true, stackSize: 2, hidden: 0 });
    expect(await photo(21)).toMatchObject({ folded: true, hidden: 2 });
    expect(await photo(22)).toMatchObject({ folded: true, hidden: 2 });
    expect((await photo(23)).folded).toBeUndefined();
    expect(await timeline()).toEqual([hash(23), hash(20)]);
    expect((await motionOf(db, await photo(20))).map((m) => m.file.path)).toEqual(['a/IMG_0004.MOV', 'a/IMG_0004.MOV']);
    expect((await stackFiles(db, await photo(20))).map((f) => f.path)).toEqual(['a/Beach.DNG', 'a/Beach.JPG', 'a/IMG_0004.MOV']);
  });

  it('the frames of an Apple burst (one BurstUUID, any names) are one stack: the first on top, or the person’s pick', async () => {
    const names = ['IMG_0005.JPG', 'IMG_0006.JPG', 'IMG_0007.JPG'];
    const ids = await Promise.all(names.map(fixtureIds));
    expect(new Set(ids.map((i) => i.burstId)).size).toBe(1);
    expect(ids[0]?.burstId).toBeDefined();
    const source = (await addSource(db, { name: 'Phone', kind: 'input' })).id;
    const frames: Spec[] = names.map((name, i) => ({ path: `DCIM/${name}`, n: 30 + i, burstId: ids[i]?.burstId }));
    await scanAndIndex(source, [...frames, { path: 'DCIM/IMG_0008.JPG', n: 33, burstId: 'ANOTHER-BURST' }, { path: 'Elsewhere/IMG_0005.JPG', n: 34, burstId: ids[0]?.burstId }]);
    expect(await photo(30)).toMatchObject({ stackSize: 3, hidden: 0 });
    expect(await photo(31)).toMatchObject({ folded: true });
    expect(await photo(32)).toMatchObject({ folded: true });
    expect((await photo(30)).live).toBeUndefined();
    expect(await timeline()).toEqual([hash(34), hash(33), hash(30)]);
    await pickTop(db, hash(32));
    expect(await timeline()).toEqual([hash(34), hash(33), hash(32)]);
    expect(await photo(32)).toMatchObject({ stackSize: 3 });
  });

  it('a Motion Photo is live, its video a range at the end of its own file', async () => {
    const source = (await addSource(db, { name: 'Pixel', kind: 'input' })).id;
    await scanAndIndex(source, [{ path: 'PXL_0003.MP.jpg', n: 6, motion: { fromEnd: 40, length: 40 } }]);
    expect(await photo(6)).toMatchObject({ live: true, motion: { fromEnd: 40, length: 40 } });
    const [motion] = await motionOf(db, await photo(6));
    expect(motion?.range).toEqual({ start: 106 - 40, length: 40 });
  });
});

/** The ids a fixture's Apple MakerNote carries, as the imaging worker reads them. */
async function fixtureIds(name: string) {
  return mapExif((await exifr.parse(readFileSync(new URL(name, FIXTURES)), EXIFR_OPTIONS)) as RawTags);
}

describe('Live Photo ContentIdentifier', () => {
  it("reads it from the still's Apple MakerNote (tag 0x0011), the same as its MOV's QuickTime key", async () => {
    const bytes = readFileSync(new URL('IMG_0002.JPG', FIXTURES));
    expect(mapExif((await exifr.parse(bytes, EXIFR_OPTIONS)) as RawTags).contentId).toBe('6B9E5A2C-1D3F-4E8A-9B7C-0A1B2C3D4E5F');
    const mov = new Input({ source: new BlobSource(new Blob([readFileSync(new URL('IMG_0002.MOV', FIXTURES))])), formats: ALL_FORMATS });
    expect(videoMeta(await mov.getMetadataTags()).contentId).toBe('6B9E5A2C-1D3F-4E8A-9B7C-0A1B2C3D4E5F');
    mov.dispose();
    // Another maker's note, or a damaged one, has none.
    expect(appleContentId(new TextEncoder().encode('Nikon\0\x02\x10\0\0MM\0*'))).toBeUndefined();
    expect(appleContentId(bytes.subarray(0, 4))).toBeUndefined();
    expect(mapExif((await exifr.parse(readFileSync(new URL('IMG_0001.JPG', FIXTURES)), EXIFR_OPTIONS)) as RawTags).contentId).toBeUndefined();
  });

  it("reads an iPhone burst's BurstUUID (tag 0x000b), and no ContentIdentifier for it", async () => {
    const ids = await fixtureIds('IMG_0006.JPG');
    expect([ids.burstId, ids.contentId]).toEqual(['9A8B7C6D-5E4F-4A3B-8C2D-1E0F9A8B7C6D', undefined]);
    expect(appleBurstId(new TextEncoder().encode('Apple iOS\0\0\x01MM'))).toBeUndefined();
  });
});

describe('Motion Photo XMP', () => {
  it('reads GCamera:MicroVideoOffset from a file ExifTool wrote, and the range holds an MP4', async () => {
    const bytes = readFileSync(new URL('PXL_0003.MP.jpg', FIXTURES));
    const meta = mapExif((await exifr.parse(bytes, EXIFR_OPTIONS)) as RawTags);
    expect(meta.motion).toBeDefined();
    const { fromEnd, length } = meta.motion as { fromEnd: number; length: number };
    const video = bytes.subarray(bytes.length - fromEnd, bytes.length - fromEnd + length);
    expect(String.fromCharCode(...video.subarray(4, 8))).toBe('ftyp');
  });

  it('reads Container:Directory (camera format 2): the MotionPhoto item and what follows it', () => {
    const item = (Semantic: string, Length: number, Padding?: number) => ({ Item: { Mime: 'x', Semantic, Length, ...(Padding === undefined ? {} : { Padding }) } });
    expect(mapExif({ Directory: [item('Primary', 0, 0), item('MotionPhoto', 3835)] }).motion).toEqual({ fromEnd: 3835, length: 3835 });
    expect(mapExif({ Directory: [item('Primary', 0), item('MotionPhoto', 100, 8), item('GainMap', 50)] }).motion).toEqual({ fromEnd: 158, length: 100 });
    expect(mapExif({ Directory: [item('Primary', 0)] }).motion).toBeUndefined();
    expect(mapExif({ MicroVideo: 1, MicroVideoOffset: 0 }).motion).toBeUndefined();
  });
});
