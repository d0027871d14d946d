import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyScanBatch } from '../../src/catalog/file-repo';
import { editPhoto, writeOutcomes } from '../../src/catalog/photo-repo';
import { addSource } from '../../src/catalog/source-repo';
import type { PhotoMeta } from '../../src/catalog/types';
import { indexFile } from '../../src/imaging/index-file';
import { readMeta } from '../../src/imaging/metadata';
import { withSidecar } from '../../src/imaging/xmp/sidecar';
import { makeJpeg, withXmp } from '../fixtures/photos.mjs';
import { faceAt, photoOutcome, useFreshDb } from './catalog-factories';

const DIGIKAM = readFileSync(new URL('../fixtures/sidecars/digikam.jpg.xmp', import.meta.url), 'utf8');
const embedded: PhotoMeta = { keywords: ['holiday'], rating: 1, title: 'IMG_0001', takenAt: Date.UTC(2000, 0, 1), warnings: [] };

describe('a sidecar laid over the file', () => {
  it("the sidecar's rating, title, description, keywords, place, date and regions win over the file's own", async () => {
    const meta = await withSidecar(embedded, new File([DIGIKAM], 'IMG_0001.jpg.xmp'));
    expect(meta).toMatchObject({ rating: 4, title: 'Tram 28 & the castle', description: 'Riding up to São Jorge', takenAt: Date.UTC(2019, 6, 14, 10, 22, 5) });
    expect(meta.keywords).toEqual(['holiday', 'Lisbon', 'Ann Lee', 'Tram']);
    expect(meta.gps?.lat).toBeCloseTo(38.71, 6);
    expect(meta.regions?.map((r) => r.name)).toEqual(['Ann Lee']);
    expect(meta.warnings).toEqual([]);
  });

  it('a damaged sidecar is a warning on the photo, which keeps its own metadata', async () => {
    const meta = await withSidecar(embedded, new File(['<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description></rdf:RDF></x:xmpmeta>'], 'IMG_0001.xmp'));
    expect(meta).toMatchObject({ rating: 1, title: 'IMG_0001' });
    expect(meta.warnings).toEqual([expect.stringMatching(/^The sidecar IMG_0001\.xmp was ignored \(.*not well-formed/)]);
  });

  it('keyword paths and face regions embedded in a JPEG are read too', async () => {
    const regions = `<rdf:Description rdf:about="" xmlns:lr="http://ns.adobe.com/lightroom/1.0/" xmlns:MP="http://ns.microsoft.com/photo/1.2/"
      xmlns:MPRI="http://ns.microsoft.com/photo/1.2/t/RegionInfo#" xmlns:MPReg="http://ns.microsoft.com/photo/1.2/t/Region#">
      <lr:hierarchicalSubject><rdf:Bag><rdf:li>Places|Portugal|Sintra</rdf:li></rdf:Bag></lr:hierarchicalSubject>
      <MP:RegionInfo rdf:parseType="Resource"><MPRI:Regions><rdf:Bag><rdf:li MPReg:Rectangle="0.1, 0.1, 0.2, 0.3" MPReg:PersonDisplayName="Bob"/></rdf:Bag></MPRI:Regions></MP:RegionInfo>
    </rdf:Description>`;
    const jpeg = withXmp(makeJpeg({ width: 16, height: 16 }), { title: 'Palace', subject: ['palace'], extra: regions });
    const meta = await readMeta(new Uint8Array(jpeg), 'image/jpeg');
    expect(meta.title).toBe('Palace');
    expect(meta.keywords).toEqual(['palace', 'Sintra']);
    expect(meta.hierarchicalKeywords).toEqual(['Places|Portugal|Sintra']);
    expect(meta.regions).toEqual([{ box: [0.1, 0.1, expect.closeTo(0.3, 9), expect.closeTo(0.4, 9)], name: 'Bob', type: 'Face' }]);
  });
});

describe('the file’s regions in the catalogue', () => {
  const fresh = useFreshDb('sidecar');

  it('a named region names the face found at its box; the file’s keywords are labels from the file; rating and title are searchable', async () => {
    const db = fresh();
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await applyScanBatch(db, source.id, [{ path: 'IMG_0001.jpg', size: 1, mtime: 1 }]);
    const jobs = await db.jobs.toArray();
    const meta = await withSidecar({ keywords: [], warnings: [] }, new File([DIGIKAM], 'IMG_0001.jpg.xmp'));
    await writeOutcomes(db, [{ jobId: jobs[0]?.id as number, outcome: photoOutcome(jobs[0]?.fileId as number, meta, [faceAt(0.4), faceAt(0.05)]) }]);
    const faces = await db.faces.where('photoId').equals('h1').toArray();
    const ann = faces.find((f) => f.box[0] === 0.4);
    expect((await db.people.get(ann?.personId as number))?.name).toBe('Ann Lee');
    expect(faces.find((f) => f.box[0] === 0.05)?.personId).not.toBe(ann?.personId);
    expect(await db.faceHints.count()).toBe(0);
    const photo = await db.photos.get('h1');
    expect(photo).toMatchObject({ rating: 4, title: 'Tram 28 & the castle' });
    expect(photo?.labelInfo.filter((l) => l.source === 'xmp').map((l) => l.name)).toEqual(['lisbon', 'ann lee', 'tram']);
    expect(photo?.terms).toEqual(expect.arrayContaining(['rating:4']));
  });

  it('a region whose face is not found waits as a hint, once however often the file is read', async () => {
    const db = fresh();
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    const meta = await withSidecar({ keywords: [], warnings: [] }, new File([DIGIKAM], 'IMG_0001.jpg.xmp'));
    for (let i = 0; i < 2; i++) {
      await applyScanBatch(db, source.id, [{ path: 'IMG_0001.jpg', size: 1, mtime: 1 + i }]);
      const jobs = await db.jobs.toArray();
      await writeOutcomes(db, [{ jobId: jobs[0]?.id as number, outcome: photoOutcome(jobs[0]?.fileId as number, meta) }]);
    }
    expect(await db.faceHints.toArray()).toEqual([expect.objectContaining({ photoId: 'h1', name: 'Ann Lee' })]);
  });

  it("a sidecar changed by another program: the rescan reads the photo's metadata again, not its picture", async () => {
    const db = fresh();
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    const seen = (mtime: number) => ({ path: 'IMG_0001.jpg', size: 1, mtime: 1, sidecar: { path: 'IMG_0001.jpg.xmp', size: 10, mtime } });
    await applyScanBatch(db, source.id, [seen(1)]);
    const [first] = await db.jobs.toArray();
    await writeOutcomes(db, [{ jobId: first?.id as number, outcome: photoOutcome(first?.fileId as number, { keywords: ['tram'], title: 'Old', warnings: [] }, [faceAt(0.4)]) }]);
    const tile = await db.thumbs.get('h1');
    await editPhoto(db, 'h1', { rating: 1 });

    expect(await applyScanBatch(db, source.id, [seen(2)])).toMatchObject({ queued: 1 });
    const [job] = await db.jobs.toArray();
    expect(job).toMatchObject({ metaOnly: true, peeked: 1 });
    const jpeg = new File([new Uint8Array(makeJpeg({ width: 16, height: 16 }))], 'IMG_0001.jpg');
    const outcome = await indexFile({ fileId: job?.fileId as number, source: jpeg, sidecar: new File([DIGIKAM], 'IMG_0001.jpg.xmp'), metaOnly: true });
    expect(outcome).toMatchObject({ kind: 'meta', meta: { title: 'Tram 28 & the castle', rating: 4 } });
    await writeOutcomes(db, [{ jobId: job?.id as number, outcome }]);

    const photo = await db.photos.get('h1');
    // The file's new word, the person's rating over it, the picture and its analysis as they were.
    expect(photo).toMatchObject({ title: 'Tram 28 & the castle', rating: 1, width: 640, height: 480 });
    expect(photo?.labels).toEqual(expect.arrayContaining(['lisbon', 'ann lee', 'tram']));
    expect(await db.thumbs.get('h1')).toEqual(tile);
    const [file] = await db.files.toArray();
    expect(file).toMatchObject({ status: 'indexed', hash: 'h1', sidecar: { mtime: 2 } });
    // The face already found takes the name the sidecar now gives it.
    const [face] = await db.faces.where('photoId').equals('h1').toArray();
    expect((await db.people.get(face?.personId as number))?.name).toBe('Ann Lee');
    expect(await db.jobs.count()).toBe(0);
  });
});
