import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { editAlbums } from '../../src/catalog/album-repo';
import { applyScanBatch } from '../../src/catalog/file-repo';
import { editLabels } from '../../src/catalog/label-repo';
import { editPhoto, writeOutcomes } from '../../src/catalog/photo-repo';
import { namePerson } from '../../src/catalog/face-repo';
import { onWorkChange, sidecarSettings, sidecarSubjects, type WorkChange } from '../../src/catalog/sidecar-repo';
import { addSource } from '../../src/catalog/source-repo';
import type { PhotoRow } from '../../src/catalog/types';
import { sidecarUpdate, turnedOrientation } from '../../src/imaging/xmp/from-photo';
import { MAX_SIDECAR_BYTES, withSidecar } from '../../src/imaging/xmp/sidecar';
import { readXmp } from '../../src/imaging/xmp/xmp-read';
import { mergeXmp } from '../../src/imaging/xmp/xmp-write';
import { SidecarWriter } from '../../src/indexer/sidecar-writer';
import { faceAt, photoOutcome, useFreshDb } from './catalog-factories';
import { memoryFolder } from './memory-folder';

const DIGIKAM = readFileSync(new URL('../fixtures/sidecars/digikam.jpg.xmp', import.meta.url), 'utf8');
const PHOTO_BYTES = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);

const photoRow = (over: Partial<PhotoRow>): PhotoRow => ({
  id: 'h1', takenAt: 0, takenAtSource: 'exif', width: 640, height: 480, mediaType: 'image/jpeg', name: 'a.jpg', damaged: false, addedAt: 0,
  warnings: [], keywords: [], labels: [], categories: [], labelInfo: [], colors: [], monochrome: false, private: false, hidden: 0, ...over,
});

describe('what a sidecar says for a photo', () => {
  it('nothing, for a photo the person never changed (nor named anyone in)', () => {
    expect(sidecarUpdate(photoRow({ rating: 4, title: 'from the file' }), [])).toBeUndefined();
    expect(sidecarUpdate(photoRow({ userEdits: { favorite: true } }), [])).toBeUndefined();
  });

  it('only the fields the person changed; labels and albums as keywords and paths; named faces over the file’s regions', () => {
    const photo = photoRow({
      keywords: ['Lisbon', 'Tram'], hierarchicalKeywords: ['Places|Portugal|Lisbon', 'Transport|Tram', 'Albums|Old'], albums: ['Best of'],
      regions: [{ box: [0.4, 0.25, 0.6, 0.55], name: 'Anne' }, { box: [0, 0, 0.1, 0.1], type: 'Pet', name: 'Rex' }],
      userEdits: { rating: 0, title: '', addedLabels: ['night'], removedLabels: ['tram'], albums: ['Best of'] },
    });
    const update = sidecarUpdate(photo, [{ box: [0.41, 0.25, 0.61, 0.55], name: 'Ann Lee' }]);
    expect(update).toEqual({
      rating: 0, title: null,
      keywords: ['Lisbon', 'night'],
      hierarchical: ['Places|Portugal|Lisbon', 'night', 'Albums|Best of'],
      regions: { width: 640, height: 480, list: [{ box: [0.41, 0.25, 0.61, 0.55], name: 'Ann Lee', type: 'Face' }, { box: [0, 0, 0.1, 0.1], type: 'Pet', name: 'Rex' }] },
    });
  });
});

describe('an edited date in the sidecar', () => {
  it('a date set or shifted goes as the date taken, with its zone; one only the file gave is not written', () => {
    const at = Date.UTC(2019, 6, 14, 10, 22, 5);
    expect(sidecarUpdate(photoRow({ takenAt: at, takenAtOffset: '+01:00', userEdits: { takenAt: at } }), [])).toEqual({ takenAt: { at, offset: '+01:00' } });
    // "No time zone": the date alone.
    expect(sidecarUpdate(photoRow({ takenAt: at, userEdits: { takenAtOffset: '' } }), [])).toEqual({ takenAt: { at } });
    expect(sidecarUpdate(photoRow({ takenAt: at, takenAtOffset: '+01:00', userEdits: { rating: 2 } }), [])).toEqual({ rating: 2 });
    // Written into the sidecar, it reads back as the date taken.
    const written = mergeXmp(DIGIKAM, sidecarUpdate(photoRow({ takenAt: at, takenAtOffset: '-03:00', userEdits: { takenAt: at, takenAtOffset: '-03:00' } }), []) ?? {});
    expect(readXmp(written)).toMatchObject({ takenAt: at, takenAtOffset: '-03:00', title: 'Tram 28 & the castle' });
  });
});

describe('dates, places and turns set in Shoebox, in the sidecar', () => {
  it('the date and zone, the place (or none), and the turn as the orientation digiKam and ExifTool read', () => {
    const photo = photoRow({
      takenAt: Date.UTC(2019, 6, 14, 11, 34), takenAtOffset: '+01:00', gps: { lat: 38.7223, lng: -9.1393 }, orientation: 6, rotation: 90,
      userEdits: { takenAt: Date.UTC(2019, 6, 14, 11, 34), takenAtOffset: '+01:00', gps: { lat: 38.7223, lng: -9.1393 }, rotation: 90 },
    });
    expect(sidecarUpdate(photo, [])).toEqual({ takenAt: { at: Date.UTC(2019, 6, 14, 11, 34), offset: '+01:00' }, gps: { lat: 38.7223, lng: -9.1393 }, orientation: 3 });
    // A place cleared: the sidecar's goes; a turn back to upright: the file's own orientation; a zone cleared: none written.
    expect(sidecarUpdate(photoRow({ takenAt: 5, userEdits: { gps: null, rotation: 0, takenAtOffset: '' } }), [])).toEqual({ takenAt: { at: 5 }, gps: null, orientation: 1 });
  });

  it('turns the file\'s orientation by the person\'s turn, mirrored ones too', () => {
    expect([1, 6, 3, 8].map((o) => turnedOrientation(o, 90))).toEqual([6, 3, 8, 1]);
    expect([1, 6, 3, 8].map((o) => turnedOrientation(o, 270))).toEqual([8, 1, 6, 3]);
    expect([2, 7, 4, 5].map((o) => turnedOrientation(o, 90))).toEqual([7, 4, 5, 2]);
    expect(turnedOrientation(undefined, 180)).toBe(3);
    expect(turnedOrientation(9, 0)).toBe(1);
  });
});

describe('SidecarWriter', () => {
  const fresh = useFreshDb('sidecar-write');

  /** A folder with a photo and its digiKam sidecar, indexed, then changed by the person in Shoebox. */
  async function library() {
    const db = fresh();
    const folder = memoryFolder({ 'IMG_0001.jpg': PHOTO_BYTES, 'IMG_0001.jpg.xmp': DIGIKAM });
    const source = await addSource(db, { name: 'Photos', kind: 'fsa' });
    await applyScanBatch(db, source.id, [{ path: 'IMG_0001.jpg', size: 4, mtime: 1, sidecar: { path: 'IMG_0001.jpg.xmp', size: DIGIKAM.length, mtime: 1 } }]);
    const [job] = await db.jobs.toArray();
    const meta = await withSidecar({ keywords: [], warnings: [] }, new File([DIGIKAM], 'IMG_0001.jpg.xmp'));
    await writeOutcomes(db, [{ jobId: job?.id as number, outcome: photoOutcome(job?.fileId as number, meta, [faceAt(0.4)]) }]);
    await editPhoto(db, 'h1', { rating: 2 });
    await editLabels(db, 'h1', { add: 'night' });
    await editLabels(db, 'h1', { remove: 'tram' });
    await editAlbums(db, 'h1', { add: 'Best of' });
    const writer = new SidecarWriter(db, 20, () => folder.handle);
    return { db, folder, writer };
  }
  const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

  it('hears which photos an edit changed by their ids, not by the values of their indexes', async () => {
    const { db } = await library();
    const heard: WorkChange[] = [];
    const stop = onWorkChange(db, (change) => heard.push(change));
    await editPhoto(db, 'h1', { rating: 5 });
    await editLabels(db, 'h1', { add: 'tram' });
    await expect.poll(() => heard.length).toBeGreaterThanOrEqual(2);
    stop();
    expect(heard.map((c) => c.everything)).not.toContain(true);
    expect(new Set(heard.flatMap((c) => c.photoIds))).toEqual(new Set(['h1']));
  });

  it('reads a batch of photos together: only those with something to write, each with its own files and named faces', async () => {
    const db = fresh();
    const source = await addSource(db, { name: 'Photos', kind: 'fsa' });
    const paths = ['IMG_0001.jpg', 'IMG_0002.jpg', 'IMG_0003.jpg', 'copy/IMG_0001.jpg'];
    await applyScanBatch(db, source.id, paths.map((path) => ({ path, size: 4, mtime: 1 })));
    const jobs = await db.jobs.toArray();
    const job = (path: string) => jobs.find((j) => j.path === path) as (typeof jobs)[number];
    const outcome = (path: string, hash: string, faces?: ReturnType<typeof faceAt>[]) => ({
      jobId: job(path).id as number, outcome: { ...photoOutcome(job(path).fileId, { keywords: [], warnings: [] }, faces), hash, name: path },
    });
    await writeOutcomes(db, [outcome('IMG_0001.jpg', 'h1'), outcome('IMG_0002.jpg', 'h2', [faceAt(0.4)]), outcome('IMG_0003.jpg', 'h3'), outcome('copy/IMG_0001.jpg', 'h1')]);
    await editPhoto(db, 'h1', { rating: 3 });
    const [face] = await db.faces.where('photoId').equals('h2').toArray();
    await namePerson(db, face?.personId as number, 'Ann');

    const subjects = await sidecarSubjects(db, ['h3', 'h2', 'gone', 'h1']);
    expect(subjects.map((s) => [s.photo.id, s.files.map((f) => f.file.path).sort(), s.named])).toEqual([
      ['h2', ['IMG_0002.jpg'], [{ box: faceAt(0.4).box, name: 'Ann' }]],
      ['h1', ['IMG_0001.jpg', 'copy/IMG_0001.jpg'], []],
    ]);
  });


  it('is off until the person turns it on; a folder that refuses write access keeps it off', async () => {
    const { db, folder, writer } = await library();
    expect((await sidecarSettings(db)).write).toBe(false);
    folder.permission = 'denied';
    expect(await writer.setWrite(true, [folder.handle])).toBe(false);
    expect((await sidecarSettings(db)).write).toBe(false);
    expect(folder.writes).toEqual([]);
  });

  it("merges the person's changes into the photo's sidecar, keeps the rest, never writes the photo, and writes nothing the second time", async () => {
    const { db, folder, writer } = await library();
    expect(await writer.setWrite(true, [folder.handle])).toBe(true);
    expect(await writer.writeNow()).toEqual({ written: 1, unchanged: 0, notAllowed: 0, failed: [] });
    expect(folder.writes).toEqual(['IMG_0001.jpg.xmp']);
    expect(folder.files.get('IMG_0001.jpg')).toEqual(PHOTO_BYTES);
    const written = text(folder.files.get('IMG_0001.jpg.xmp'));
    const facts = readXmp(written);
    expect(facts).toMatchObject({ rating: 2, title: 'Tram 28 & the castle', keywords: ['Lisbon', 'Ann Lee', 'night'] });
    expect(facts.hierarchical).toEqual(['Places|Portugal|Lisbon', 'People|Ann Lee', 'night', 'Albums|Best of']);
    expect(facts.regions?.map((r) => r.name)).toEqual(['Ann Lee']);
    for (const kept of ['digiKam:ColorLabel="3"', '<acdsee:notes>kept by digiKam for ACDSee</acdsee:notes>']) expect(written).toContain(kept);
    // Shoebox's own write is remembered, so the next scan does not take it for another program's.
    expect((await db.files.toArray())[0]?.sidecar).toEqual({ path: 'IMG_0001.jpg.xmp', size: folder.files.get('IMG_0001.jpg.xmp')?.length, mtime: expect.any(Number) });
    expect(await writer.writeNow()).toMatchObject({ written: 0, unchanged: 1 });
    expect(folder.writes).toHaveLength(1);
  });

  it('writes again shortly after an edit, without being asked', async () => {
    const { db, folder, writer } = await library();
    await writer.setWrite(true, [folder.handle]);
    await writer.writeNow();
    await editPhoto(db, 'h1', { rating: 5 });
    await expect.poll(() => readXmp(text(folder.files.get('IMG_0001.jpg.xmp'))).rating, { timeout: 2000 }).toBe(5);
  });

  it("reads no sidecar again when a named person's counts change (every indexed face does that), only when their name does", async () => {
    const { db, folder } = await library();
    let visits = 0;
    const writer = new SidecarWriter(db, 20, () => (visits++, folder.handle));
    const [face] = await db.faces.where('photoId').equals('h1').toArray();
    const person = face?.personId as number;
    await namePerson(db, person, 'Ann Lee');
    await writer.setWrite(true, [folder.handle]);
    await writer.writeNow();
    const before = visits;
    await db.people.update(person, { faceCount: 7, photoCount: 7 });
    await new Promise((done) => setTimeout(done, 200));
    expect(visits).toBe(before);
    await namePerson(db, person, 'Ann Smith');
    await expect.poll(() => readXmp(text(folder.files.get('IMG_0001.jpg.xmp'))).regions?.map((r) => r.name), { timeout: 2000 }).toEqual(['Ann Smith']);
  });

  it("remembers its own write on every file sharing the sidecar (IMG_1.jpg and IMG_1.CR2 beside IMG_1.xmp), so no rescan reads them again", async () => {
    const db = fresh();
    const folder = memoryFolder({ 'IMG_0001.jpg': PHOTO_BYTES, 'IMG_0001.CR2': PHOTO_BYTES, 'IMG_0001.xmp': DIGIKAM, 'IMG_0002.jpg': PHOTO_BYTES, 'IMG_0002.xmp': DIGIKAM });
    const source = await addSource(db, { name: 'Photos', kind: 'fsa' });
    const lightroom = (path: string, xmp: string) => ({ path, size: 4, mtime: 1, sidecar: { path: xmp, size: DIGIKAM.length, mtime: 1 } });
    await applyScanBatch(db, source.id, [lightroom('IMG_0001.jpg', 'IMG_0001.xmp'), lightroom('IMG_0001.CR2', 'IMG_0001.xmp'), lightroom('IMG_0002.jpg', 'IMG_0002.xmp')]);
    const jobs = await db.jobs.toArray();
    await writeOutcomes(db, jobs.map((j, i) => ({ jobId: j.id as number, outcome: { ...photoOutcome(j.fileId, { keywords: [], warnings: [] }), hash: `h${i + 1}`, name: j.path } })));
    const edited = (await db.files.where('path').equals('IMG_0001.jpg').first())?.hash as string;
    await editPhoto(db, edited, { rating: 1 });
    const writer = new SidecarWriter(db, 20, () => folder.handle);
    await writer.setWrite(true, [folder.handle]);
    expect(await writer.writeNow()).toMatchObject({ written: 1 });
    expect(folder.writes).toEqual(['IMG_0001.xmp']);
    const now = { path: 'IMG_0001.xmp', size: folder.files.get('IMG_0001.xmp')?.length, mtime: expect.any(Number) };
    const byPath = new Map((await db.files.toArray()).map((f) => [f.path, f.sidecar]));
    expect(byPath.get('IMG_0001.jpg')).toEqual(now);
    expect(byPath.get('IMG_0001.CR2')).toEqual(byPath.get('IMG_0001.jpg'));
    expect(byPath.get('IMG_0002.jpg')).toEqual({ path: 'IMG_0002.xmp', size: DIGIKAM.length, mtime: 1 });
  });

  it('in the mirror folder when the person chooses it: a new sidecar there, the one beside the photo untouched', async () => {
    const { folder, writer } = await library();
    await writer.setWrite(true, [folder.handle]);
    await writer.setPlace('mirror');
    await writer.writeNow();
    expect(folder.writes).toContain('.shoebox/sidecars/IMG_0001.jpg.xmp');
    expect(text(folder.files.get('IMG_0001.jpg.xmp'))).toBe(DIGIKAM);
    const facts = readXmp(text(folder.files.get('.shoebox/sidecars/IMG_0001.jpg.xmp')));
    expect(facts).toMatchObject({ rating: 2, keywords: ['Lisbon', 'Ann Lee', 'night'] });
    expect(facts.title).toBeUndefined();
  });

  it('a sidecar too large to be one is reported and left as it is, as the reader leaves it', async () => {
    const { folder, writer } = await library();
    const huge = new Uint8Array(MAX_SIDECAR_BYTES + 1);
    folder.files.set('IMG_0001.jpg.xmp', huge);
    await writer.setWrite(true, [folder.handle]);
    const report = await writer.writeNow();
    expect(report.failed).toEqual([{ path: 'Photos/IMG_0001.jpg.xmp', error: expect.stringMatching(/too large for a sidecar/) }]);
    expect(folder.files.get('IMG_0001.jpg.xmp')).toBe(huge);
    expect(folder.writes).toEqual([]);
  });

  it('a sidecar that is not XMP is reported and left as it is', async () => {
    const { folder, writer } = await library();
    folder.files.set('IMG_0001.jpg.xmp', new TextEncoder().encode('not xmp at all'));
    await writer.setWrite(true, [folder.handle]);
    const report = await writer.writeNow();
    expect(report.failed).toEqual([{ path: 'Photos/IMG_0001.jpg.xmp', error: expect.stringMatching(/no XMP packet/) }]);
    expect(text(folder.files.get('IMG_0001.jpg.xmp'))).toBe('not xmp at all');
  });
});
