import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShoeboxDb } from '../../src/catalog/db';
import { applyScanBatch, markVanished, problemFiles } from '../../src/catalog/file-repo';
import { editPhoto, writeOutcomes } from '../../src/catalog/photo-repo';
import { addSource } from '../../src/catalog/source-repo';
import { catalogueReads, type CatalogueReads } from '../../src/catalog/search-reads';
import { search, searchPlaced, SearchCache } from '../../src/search/planner';
import { packRange, unpackIds } from '../../src/search/packed';
import { onCatalogueChange } from '../../src/catalog/live';
import { PhotoPostings } from '../../src/catalog/postings';
import { closestKey } from '../../src/search/parse';
import { durationTerm, photoTerms, typeName } from '../../src/catalog/terms';
import type { FileRow, IndexOutcome, PhotoMeta, PhotoRow, VideoInfo } from '../../src/catalog/types';
import { keptReads, orderIds } from './catalog-factories';

let db: ShoeboxDb;
/** What the planner reads the catalogue through (from IndexedDB, or with postings in memory). */
let reads: CatalogueReads;
let seq = 0;
beforeEach(async () => {
  db = new ShoeboxDb(`planner-${++seq}`);
  reads = catalogueReads(db);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const image = { blob: new Blob([new Uint8Array([1])], { type: 'image/webp' }), width: 4, height: 3 };

interface Spec {
  path: string;
  meta?: Partial<PhotoMeta>;
  mediaType?: string;
  damaged?: boolean;
  labels?: string[];
  colors?: string[];
  video?: VideoInfo;
  /** Shown, and listed under Problems with this reason. */
  note?: string;
}

/** A small library: one photo per spec, `p0`… in order, in a source called "Family". */
async function library(specs: Spec[]) {
  const source = await addSource(db, { name: 'Family', kind: 'input' });
  await applyScanBatch(db, source.id, specs.map((s) => ({ path: s.path, size: 10, mtime: 1000 })));
  const jobs = await db.jobs.toArray();
  await writeOutcomes(db, jobs.map((job) => {
    const i = specs.findIndex((s) => s.path === job.path);
    const s = specs[i] as Spec;
    const outcome: IndexOutcome = {
      kind: 'photo', fileId: job.fileId, hash: `p${i}`, name: s.path.split('/').pop() as string, mediaType: s.mediaType ?? 'image/jpeg',
      meta: { takenAt: Date.UTC(2020, 0, 1 + i), keywords: [], warnings: [], ...s.meta },
      width: 4, height: 3, damaged: s.damaged ?? false, tile: image, preview: image, colors: s.colors ?? [], monochrome: false,
      vision: { labels: (s.labels ?? []).map((name) => ({ name, score: 0.9 })), people: 0 },
      ...(s.video ? { video: s.video } : {}), ...(s.note ? { note: s.note } : {}),
    };
    return { jobId: job.id as number, outcome };
  }));
  return source;
}

const found = async (query: string) => {
  const answer = await search(reads, query);
  expect(answer.errors).toEqual([]);
  return [...answer.ids].sort();
};

// Every planner test runs twice: reading IndexedDB, and reading the postings the search worker
// keeps in memory (built on the empty catalogue, so every photo reaches them as a change event).
describe.each([{ memory: false }, { memory: true }])('the search planner (postings in memory: $memory)', ({ memory }) => {
  let stop = () => {};
  beforeEach(async () => {
    if (!memory) return;
    const kept = keptReads(db);
    reads = kept.reads;
    stop = kept.stop;
    await kept.postings.build();
  });
  afterEach(() => stop());

  it('answers every filter through its index, exactly', async () => {
    const source = await library([
      { path: '2019/Summer/IMG_0001.jpg', meta: { takenAt: Date.UTC(2019, 6, 14), make: 'Canon', model: 'Canon EOS 5D Mark IV', lens: 'EF 50mm f/1.4', rating: 5, gps: { lat: 48.8584, lng: 2.2945 } }, colors: ['red'] },
      { path: '2019/Summer/beach day.png', mediaType: 'image/png', meta: { takenAt: Date.UTC(2019, 7, 2), title: 'Beach day', keywords: ['Holiday', 'Sea side'], rating: 3, gps: { lat: 48.87, lng: 2.33 } } },
      { path: '2020/Winter/IMG_0002.jpg', meta: { takenAt: Date.UTC(2020, 11, 25), make: 'NIKON CORPORATION', model: 'NIKON D750', description: 'Grandma’s Christmas dinner', gps: { lat: 51.5007, lng: -0.1246 } }, damaged: true, colors: ['red'] },
      { path: 'Scans/Zoë 1975.jpg', meta: { takenAt: Date.UTC(1975, 2, 14), title: 'Zoë at the lake', keywords: ['family'] } },
    ]);
    await editPhoto(db, 'p1', { favorite: true });

    expect(await found('camera:canon')).toEqual(['p0']);
    expect(await found('camera:"eos 5d"')).toEqual(['p0']);
    expect(await found('camera:nikon|canon')).toEqual(['p0', 'p2']);
    expect(await found('lens:50mm')).toEqual(['p0']);
    expect(await found('title:beach')).toEqual(['p1']);
    expect(await found('keywords:holiday')).toEqual(['p1']);
    expect(await found('keywords:"sea side"')).toEqual(['p1']);
    expect(await found('type:png')).toEqual(['p1']);
    expect(await found('type:jpeg')).toEqual(['p0', 'p2', 'p3']);
    expect(await found('rating:>=4')).toEqual(['p0']);
    expect(await found('rating:3|5')).toEqual(['p0', 'p1']);
    expect(await found('rating:<3')).toEqual(['p2', 'p3']);
    expect(await found('favorite:true')).toEqual(['p1']);
    expect(await found('camera:canon|nikon favorite:false')).toEqual(['p0', 'p2']);
    expect(await found('damaged:true')).toEqual(['p2']);
    expect(await found('month:july')).toEqual(['p0']);
    expect(await found('month:3 day:14')).toEqual(['p3']);
    expect(await found('day:14')).toEqual(['p0', 'p3']);
    expect(await found('year:2019 color:red')).toEqual(['p0']);
    expect(await found('folder:2019')).toEqual(['p0', 'p1']);
    expect(await found('folder:2019/summer/')).toEqual(['p0', 'p1']);
    expect(await found('folder:family/2020')).toEqual(['p2']);
    expect(await found('folder:scans')).toEqual(['p3']);
    expect(await found('folder:201')).toEqual([]);
    expect(await found('filename:img_')).toEqual(['p0', 'p2']);
    expect(await found('filename:"beach day"')).toEqual(['p1']);
    expect(await found('filename:zoe')).toEqual(['p3']);
    expect(await found('lat:48.86 lng:2.30')).toEqual(['p0', 'p1']);
    expect(await found('lat:48.86 lng:2.30 dist:1')).toEqual(['p0']);
    expect(await found('lat:51.5 lng:-0.12 dist:2')).toEqual(['p2']);
    expect(await found('-lat:48.86 -lng:2.30 camera:canon|nikon')).toEqual(['p2']);
    // area: the map's view, south,west,north,east; west > east reads across the antimeridian.
    expect(await found('area:48.8,2.2,48.9,2.3')).toEqual(['p0']);
    expect(await found('area:48,-1,52,3')).toEqual(['p0', 'p1', 'p2']);
    expect(await found('area:48,2.3,52,-0.5')).toEqual(['p1']); // east of 2.3°, or west of -0.5°: round the world
    expect(await found('area:48,2.3,52,-0.1')).toEqual(['p1', 'p2']);
    expect(await found('-area:48.8,2.2,48.9,2.3 area:48,-1,52,3')).toEqual(['p1', 'p2']);

    // Terms follow every kind of write (here Dexie's update(), a put of the whole row underneath).
    await db.photos.update('p3', { title: 'Eiffel tower' });
    expect(await found('title:eiffel')).toEqual(['p3']);
    expect(await found('title:lake')).toEqual([]);

    await markVanished(db, source.id, new Set(['2019/Summer/IMG_0001.jpg', '2019/Summer/beach day.png', 'Scans/Zoë 1975.jpg']));
    expect(await found('missing:true')).toEqual(['p2']);
    expect(await found('type:jpeg missing:false')).toEqual(['p0', 'p3']);
  });

  it('plain words find titles, captions, keywords, camera, folders, file names and times of year', async () => {
    await library([
      { path: '2019/Summer/IMG_0001.jpg', meta: { takenAt: Date.UTC(2019, 6, 14), make: 'Canon', model: 'Canon EOS 5D' } },
      { path: 'Trips/Lisbon/DSC_7.jpg', meta: { takenAt: Date.UTC(2021, 2, 3), title: 'Tram 28', keywords: ['Portugal'] } },
      { path: 'Home/x.jpg', meta: { takenAt: Date.UTC(2020, 11, 25), description: 'Grandma’s dinner' } },
      { path: 'Scans/Zoë.jpg', meta: { takenAt: Date.UTC(1975, 11, 1), title: 'Zoë' } },
      { path: 'Home/y.jpg', meta: { takenAt: Date.UTC(2020, 4, 1) }, labels: ['wine glass'] },
    ]);
    // Words that together name a label are one term, wherever they stand in the query.
    expect(await found('wine glass 2020')).toEqual(['p4']);
    expect(await found('2020 wine glass')).toEqual(['p4']);
    expect(await found('home wine glass')).toEqual(['p4']);
    expect(await found('wine glass 2019')).toEqual([]);
    expect(await found('canon')).toEqual(['p0']);
    expect(await found('canon eos')).toEqual(['p0']);
    expect(await found('lisbon')).toEqual(['p1']);
    expect(await found('dsc')).toEqual(['p1']);
    expect(await found('tram')).toEqual(['p1']);
    expect(await found('portugal')).toEqual(['p1']);
    expect(await found('grandma')).toEqual(['p2']);
    expect(await found('zoe')).toEqual(['p3']);
    expect(await found('ZOË')).toEqual(['p3']);
    expect(await found('summer 2019')).toEqual(['p0']);
    expect(await found('march')).toEqual(['p1']);
    expect(await found('christmas')).toEqual(['p2']);
    expect(await found('winter')).toEqual(['p2', 'p3']);
    expect(await found('after:2019-01 before:2021')).toEqual(['p0', 'p2', 'p4']);
    expect(await found('2021')).toEqual(['p1']);
    expect(await found('winter -2020')).toEqual(['p3']);
  });

  it('plain words find files as people type their names: digits, underscores, hyphens, dots', async () => {
    await library([
      { path: 'DCIM/IMG_0003.jpg' },
      { path: 'DCIM/IMG_0004.JPG' },
      { path: 'Clips/volna-5k.mp4', mediaType: 'video/mp4' },
      { path: 'Clips/volna-5k-final cut.mov', mediaType: 'video/quicktime' },
      { path: 'Trips/2019-07-14 Lisbon/DSC_0003 (2).jpg' },
    ]);
    expect(await found('IMG_0003')).toEqual(['p0']);
    expect(await found('img_0003')).toEqual(['p0']);
    expect(await found('IMG_0003.jpg')).toEqual(['p0']);
    expect(await found('img_0004.jpg')).toEqual(['p1']);
    expect(await found('volna-5k')).toEqual(['p2', 'p3']);
    expect(await found('volna-5k.mp4')).toEqual(['p2']);
    expect(await found('"volna-5k-final cut"')).toEqual(['p3']);
    expect(await found('2019-07-14')).toEqual(['p4']);
    expect(await found('dsc_0003')).toEqual(['p4']);
    expect(await found('0003')).toEqual(['p0', 'p4']);
    expect(await found('IMG_0003 -img_0003.jpg')).toEqual([]);
    // The extension alone is not a name (type: finds kinds of file), nor are half words.
    expect(await found('jpg')).toEqual([]);
    expect(await found('img_000')).toEqual([]);
    expect(await found('IMG_0005')).toEqual([]);
  });

  it('similar: finds the photos the similarity index names, in timeline order, with other filters', async () => {
    await library([
      { path: 'a.jpg', meta: { takenAt: Date.UTC(2020, 0, 5) }, labels: ['cat'] },
      { path: 'b.jpg', meta: { takenAt: Date.UTC(2020, 0, 9) }, labels: ['cat'] },
      { path: 'c.jpg', meta: { takenAt: Date.UTC(2020, 2, 1) }, labels: ['dog'] },
    ]);
    const asked: string[] = [];
    const similarTo = async (photo: string) => (asked.push(photo), photo === 'p2abcd' ? ['p0', 'p2'] : []);
    expect((await search(reads, 'similar:p2abcd', { similarTo })).ids).toEqual(['p2', 'p0']);
    expect((await search(reads, 'similar:p2abcd label:cat', { similarTo })).ids).toEqual(['p0']);
    expect((await search(reads, 'similar:p9', { similarTo })).ids).toEqual([]);
    expect(asked).toEqual(['p2abcd', 'p2abcd', 'p9']);
  });

  it('groups results by month, newest first, and keeps the timeline order between searches until photos change', async () => {
    await library([
      { path: 'a.jpg', meta: { takenAt: Date.UTC(2020, 0, 5) }, labels: ['cat'] },
      { path: 'b.jpg', meta: { takenAt: Date.UTC(2020, 0, 9) }, labels: ['cat'] },
      { path: 'c.jpg', meta: { takenAt: Date.UTC(2020, 2, 1) }, labels: ['dog'] },
      { path: 'd.jpg', meta: { takenAt: Date.UTC(2021, 5, 1) }, labels: ['cat'] },
    ]);
    const cache = new SearchCache();
    const first = await search(reads, 'cat', { cache });
    expect(first.ids).toEqual(['p3', 'p1', 'p0']);
    expect(first.buckets).toEqual([{ month: 2021 * 12 + 5, count: 1 }, { month: 2020 * 12, count: 2 }]);
    // Terms are kept until the owner of the cache says the catalogue changed.
    await db.photos.update('p2', { labels: ['cat'] });
    expect((await search(reads, 'cat', { cache })).ids).toEqual(['p3', 'p1', 'p0']);
    cache.invalidate();
    expect((await search(reads, 'cat', { cache })).ids).toEqual(['p3', 'p2', 'p1', 'p0']);
    await db.photos.update('p2', { labels: ['dog'] });
    cache.invalidate();
    // A photo made private changes the month counts: the kept order is read again.
    await editPhoto(db, 'p1', { private: true });
    expect((await search(reads, 'cat', { cache })).ids).toEqual(['p3', 'p0']);
    expect((await search(reads, 'cat', { cache, includePrivate: true })).ids).toEqual(['p3', 'p1', 'p0']);
    // Whole years come from the kept order, private photos only when shown.
    expect((await search(reads, 'year:2020', { cache })).ids).toEqual(['p2', 'p0']);
    expect((await search(reads, 'year:2020', { cache, includePrivate: true })).ids).toEqual(['p2', 'p1', 'p0']);
    expect((await search(reads, 'year:2020 private:true', { cache })).ids).toEqual(['p1']);
    expect((await search(reads, 'after:2020-01-06', { cache, includePrivate: true })).ids).toEqual(['p3', 'p2', 'p1']);
  });

  it('says what it cannot do: unknown keys with a guess, lone coordinates, unknown places', async () => {
    await library([{ path: 'a.jpg', labels: ['cat'] }]);
    expect((await search(reads, 'lable:cat')).errors).toEqual(['Unknown filter “lable:”. Did you mean label:?']);
    expect((await search(reads, 'cat lat:10')).errors).toEqual(['lat: and lng: go together (dist: is the radius in km, 10 by default).']);
    expect((await search(reads, 'area:50,2,40,3')).errors).toEqual(['area: wants south,west,north,east in degrees (38.5,-9.6,41.2,-8.5), not “50,2,40,3”.']);
    expect((await search(reads, 'near:atlantis')).errors).toEqual(['near: knows no place called “atlantis”. Try a city, or lat: and lng:.']);
    expect(closestKey('colour')).toBe('color');
    expect(closestKey('yeer')).toBe('year');
    expect(closestKey('banana')).toBeUndefined();
  });

  it('a near: place, or a town named as a plain word, is looked up and searched around', async () => {
    await library([
      { path: 'a.jpg', meta: { gps: { lat: 38.7139, lng: -9.1394 } } },
      { path: 'b.jpg', meta: { gps: { lat: 41.1579, lng: -8.6291 } } },
      { path: 'c.jpg', labels: ['orange'] },
    ]);
    // (Lisbon is also where this test's "Orange" is, to show a label wins over a town's name.)
    const findPlace = async (name: string) => (['lisbon', 'orange'].includes(name) ? { lat: 38.7223, lng: -9.1393, radiusKm: 15 } : undefined);
    expect((await search(reads, 'near:lisbon', { findPlace })).ids).toEqual(['p0']);
    expect((await search(reads, 'near:lisbon dist:400', { findPlace })).ids.sort()).toEqual(['p0', 'p1']);
    // A plain word that names a town finds the photos taken there; one that names a label does not.
    expect((await search(reads, 'lisbon', { findPlace })).ids).toEqual(['p0']);
    expect((await search(reads, 'orange', { findPlace })).ids).toEqual(['p2']);
    expect((await search(reads, 'lisbon')).ids).toEqual([]);
  });
});

describe('places', () => {
  it('finds the largest town of a name, or the one in the given country, with a radius by size', async () => {
    const { findPlace } = await import('../../src/search/places');
    expect(await findPlace('Paris')).toMatchObject({ lat: expect.closeTo(48.85, 1), lng: expect.closeTo(2.35, 1), radiusKm: 18 });
    expect(await findPlace('london, ca')).toMatchObject({ lat: expect.closeTo(42.98, 1) });
    expect(await findPlace('São Paulo')).toMatchObject({ lat: expect.closeTo(-23.5, 0) });
    expect(await findPlace('Nowhere-on-Sea')).toBeUndefined();
  });
});

describe('suggestions', () => {
  it('suggest filter keys, labels, people and cameras for the word being typed, with counts', async () => {
    const { suggest } = await import('../../src/search/suggest');
    await library([
      { path: 'a.jpg', labels: ['cat'], meta: { make: 'Canon', model: 'Canon EOS R5', keywords: ['Holiday home'] } },
      { path: 'b.jpg', labels: ['cat', 'car'], meta: { make: 'Canon', model: 'Canon EOS R5' } },
      { path: 'c.jpg', labels: ['dog'], meta: { make: 'NIKON CORPORATION', model: 'NIKON Z 6', lens: 'NIKKOR Z 24-70mm' } },
    ]);
    const texts = async (q: string) => (await suggest(reads, q)).map((s) => `${s.text}${s.count === undefined ? '' : ` (${s.count})`}`);
    expect(await texts('ca')).toEqual(['camera:"canon eos r5" (2)', 'cat (2)', 'car (1)', 'category:', 'camera:']);
    expect(await texts('dog -ca')).toEqual(['-camera:"canon eos r5" (2)', '-cat (2)', '-car (1)', '-category:', '-camera:']);
    expect(await texts('camera:')).toEqual(['camera:"canon eos r5" (2)', 'camera:"nikon z 6" (1)']);
    expect(await texts('lens:nik')).toEqual(['lens:"nikkor z 24-70mm" (1)']);
    expect(await texts('keywords:ho')).toEqual(['keywords:holiday (1)', 'keywords:"holiday home" (1)', 'keywords:home (1)']);
    expect(await texts('label:c')).toEqual(['label:cat (2)', 'label:car (1)']);
    expect(await texts('color:gr')).toEqual(['color:green', 'color:grey']);
    expect(await texts('month:ma')).toEqual(['month:march', 'month:may']);
    // Complete words and finished queries suggest nothing more.
    expect(await texts('cat')).toEqual(['category:']);
    expect(await texts('cat ')).toEqual([]);
    expect(await texts('unknown:x')).toEqual([]);
  });
});

describe('albums', () => {
  it('put photos in albums by name, list them, search them, and keep them through re-indexing and export', async () => {
    const { editAlbums, listAlbums } = await import('../../src/catalog/album-repo');
    const { exportBackup } = await import('../../src/catalog/backup/export');
    const { importBackup } = await import('../../src/catalog/backup/import');
    const source = await library([{ path: 'a.jpg' }, { path: 'b.jpg' }, { path: 'c.jpg' }]);
    await editAlbums(db, 'p0', { add: 'Summer 2019' });
    await editAlbums(db, 'p1', { add: 'summer 2019 ' });
    await editAlbums(db, 'p1', { add: 'Grandma' });
    await editAlbums(db, 'p2', { add: 'Grandma' });
    await editAlbums(db, 'p2', { remove: 'GRANDMA' });
    expect(await listAlbums(db)).toEqual([
      { name: 'Grandma', count: 1, cover: 'p1' },
      { name: 'Summer 2019', count: 2, cover: expect.stringMatching(/^p[01]$/) },
    ]);
    expect((await db.photos.get('p1'))?.albums).toEqual(['Summer 2019', 'Grandma']);
    expect(await found('album:"summer 2019"')).toEqual(['p0', 'p1']);
    expect(await found('album:grandma|"summer 2019" -album:grandma')).toEqual(['p0']);
    expect(await found('grandma')).toEqual(['p1']);
    // Indexed again: the person's albums stay.
    await applyScanBatch(db, source.id, [{ path: 'b.jpg', size: 11, mtime: 2000 }]);
    const [job] = await db.jobs.toArray();
    await writeOutcomes(db, [{ jobId: job!.id as number, outcome: { kind: 'photo', fileId: job!.fileId, hash: 'p1', name: 'b.jpg', mediaType: 'image/jpeg', meta: { keywords: [], warnings: [] }, width: 4, height: 3, damaged: false, tile: image, preview: image, colors: [], monochrome: false } }]);
    expect(await found('album:grandma')).toEqual(['p1']);
    // Exported and imported into another browser: the albums come along.
    // (The import wants real content hashes: p0… become 000…, 111…, 222….)
    const chunks: Uint8Array[] = [];
    await exportBackup(db, new WritableStream({ write: (c) => void chunks.push(c) }), { tiles: false });
    const { BlobReader, BlobWriter, TextReader, ZipReader, ZipWriter } = await import('../../src/catalog/backup/zip');
    const zip = new ZipWriter(new BlobWriter());
    for (const entry of await new ZipReader(new BlobReader(new Blob(chunks as BlobPart[]))).getEntries()) {
      if (!entry.directory) await zip.add(entry.filename, new TextReader((await entry.getData(new BlobWriter()).then((b) => b.text())).replace(/"p(\d)"/g, (_, d: string) => `"${d.repeat(64)}"`)));
    }
    const other = new ShoeboxDb(`planner-other-${seq}`);
    await importBackup(other, await zip.close());
    expect((await listAlbums(other)).map((a) => [a.name, a.count])).toEqual([['Grandma', 1], ['Summer 2019', 2]]);
    other.close();
    await other.delete();
  });
});

const h264 = (durationS: number): VideoInfo => ({ durationS, codec: 'H.264', codecString: 'avc1.64001e', fps: 30, decodable: true });

describe('search: videos and file types', () => {
  it('derives type and duration terms that sort as numbers', () => {
    expect(typeName('image/x-canon-cr3')).toBe('raw');
    expect(typeName('image/x-samsung-srw')).toBe('raw');
    expect(typeName('video/quicktime')).toBe('video');
    expect(durationTerm(12.5)).toBe('duration:000012500');
    expect(durationTerm(3600) > durationTerm(30.5)).toBe(true);
    const base = { takenAt: 0, mediaType: 'video/mp4', keywords: [], damaged: false };
    expect(photoTerms({ ...base, video: h264(2.002) })).toEqual(expect.arrayContaining(['type:video', 'duration:000002002']));
    expect(photoTerms({ ...base, mediaType: 'image/jpeg', live: true })).toEqual(expect.arrayContaining(['type:jpeg', 'type:live']));
    expect(photoTerms({ ...base, mediaType: 'image/jpeg' }).some((t) => t.startsWith('duration:') || t === 'type:live')).toBe(false);
  });

  it('finds videos by type, by length and by the words video, movie and clip', async () => {
    await library([
      { path: 'IMG_0001.jpg' },
      { path: 'IMG_0002.MOV', mediaType: 'video/quicktime', video: h264(2) },
      { path: 'party.mp4', mediaType: 'video/mp4', video: h264(45.5) },
      { path: 'DSC_0003.NEF', mediaType: 'image/x-nikon-nef' },
      { path: 'IMG_0004.png', mediaType: 'image/png' },
    ]);
    expect(await found('type:video')).toEqual(['p1', 'p2']);
    expect(await found('type:raw')).toEqual(['p3']);
    expect(await found('type:image')).toEqual(['p0', 'p4']);
    expect(await found('type:image|raw')).toEqual(['p0', 'p3', 'p4']);
    expect(await found('duration:>30')).toEqual(['p2']);
    expect(await found('duration:>1')).toEqual(['p1', 'p2']);
    expect(await found('duration:>2')).toEqual(['p2']);
    expect(await found('duration:>=2')).toEqual(['p1', 'p2']);
    expect(await found('duration:<45.5')).toEqual(['p1']);
    expect(await found('duration:<=0:45.5')).toEqual(['p1', 'p2']);
    expect(await found('duration:45')).toEqual(['p2']);
    expect(await found('duration:>1 duration:<10')).toEqual(['p1']);
    for (const word of ['video', 'movie', 'clip', 'Videos']) expect(await found(word)).toEqual(['p1', 'p2']);
  });

  it('a video this browser cannot decode is in the timeline and under Problems, with its reason', async () => {
    const reason = 'HEVC (H.265) video: this browser cannot decode it; the file is listed with its date and place.';
    await library([{ path: 'IMG_0005.MOV', mediaType: 'video/quicktime', video: { ...h264(3), codec: 'HEVC (H.265)', decodable: false }, note: reason }]);
    expect(await found('type:video')).toEqual(['p0']);
    expect((await db.photos.get('p0'))?.video).toMatchObject({ codec: 'HEVC (H.265)', decodable: false });
    const problems = await problemFiles(db);
    expect(problems.map((f) => [f.path, f.status, f.error, f.hash])).toEqual([['IMG_0005.MOV', 'unsupported', reason, 'p0']]);
  });
});

describe("the search worker's kept reads", () => {
  it('keep the order and the named people until their tables change, and hand answers over as one buffer', async () => {
    await library([{ path: 'a.jpg', labels: ['cat'] }, { path: 'b.jpg', labels: ['cat'] }]);
    const { postings, reads: kept, stop } = keptReads(db);
    try {
      await postings.build();
      await db.people.add({ id: 7, name: 'Ann Lee', nameKey: 'ann lee', faceCount: 1, photoCount: 1, createdAt: 0 });
      await db.faces.add({ id: 'p0:0', photoId: 'p0', personId: 7, assignedBy: 'user', box: [0, 0, 1, 1], score: 1, landmarks: [], descriptor: [] } as never);
      await kept.warm();
      expect(await kept.photosOfPeopleNamed('ann lee')).toEqual(['p0']);
      expect(orderIds(await kept.timeline(false))).toEqual(['p0', 'p1']);
      // Kept: no read until a change names their tables (a read now would fail).
      const get = db.months.orderBy.bind(db.months);
      db.months.orderBy = (() => { throw new Error('read'); }) as never;
      expect(orderIds(await kept.timeline(false))).toEqual(['p0', 'p1']);
      db.months.orderBy = get;
      await db.faces.put({ id: 'p1:0', photoId: 'p1', personId: 7, assignedBy: 'user', box: [0, 0, 1, 1], score: 1, landmarks: [], descriptor: [] } as never);
      await editPhoto(db, 'p1', { private: true });
      await new Promise((r) => setTimeout(r, 0));
      expect((await kept.photosOfPeopleNamed('Ann Lee')).sort()).toEqual(['p0', 'p1']);
      expect(orderIds(await kept.timeline(false))).toEqual(['p0']);
      const answer = await search(kept, 'cat', { includePrivate: true });
      const placed = await searchPlaced(kept, 'cat', { includePrivate: true });
      expect({ ids: unpackIds(packRange(placed.order, placed.found, 0, placed.found.length)), buckets: placed.buckets, errors: placed.errors }).toEqual(answer);
      const none = await searchPlaced(kept, 'unicorn');
      expect(unpackIds(packRange(none.order, none.found, 0, 10))).toEqual([]);
    } finally {
      stop();
    }
  });
  it('know the words of file names: a word no file has reads no file, a file added is found', async () => {
    await library([{ path: 'DCIM/IMG_0003.jpg' }, { path: 'Clips/volna-5k.mp4', mediaType: 'video/mp4' }]);
    const kept = catalogueReads(db, new PhotoPostings(db));
    const stop = onCatalogueChange((parts) => kept.changed(parts));
    const where = db.files.where.bind(db.files);
    try {
      await kept.warm();
      await kept.warmFileWords();
      expect((await search(kept, 'img_0003')).ids).toEqual(['p0']);
      expect((await search(kept, 'volna-5k')).ids).toEqual(['p1']);
      // Known to be in no file's path: not read (a read now would fail).
      db.files.where = (() => { throw new Error('read'); }) as never;
      expect((await search(kept, 'zebra')).ids).toEqual([]);
      expect((await search(kept, 'volna-6k')).ids).toEqual([]);
      db.files.where = where;
      // A file added since: its words are not known yet, so names are read again.
      const first = (await db.files.toArray())[0] as FileRow;
      await db.files.add({ ...first, id: undefined, path: 'New/zebra_01.jpg' } as never);
      await new Promise((r) => setTimeout(r, 0));
      expect((await search(kept, 'zebra_01')).ids).toEqual([first.hash]);
    } finally {
      db.files.where = where;
      stop();
    }
  });
});

describe('postings in memory', () => {
  it('are read from the catalogue in pages, and follow puts, deletes and a cleared table', async () => {
    await library([{ path: 'a.jpg', labels: ['cat'] }, { path: 'b.jpg', labels: ['cat', 'dog'] }, { path: 'c.jpg', labels: ['dog'] }]);
    const postings = new PhotoPostings(db);
    const stop = onCatalogueChange((parts) => postings.changed(parts));
    try {
      expect(await postings.current()).toBe(false); // not built: searches read IndexedDB meanwhile
      await postings.build();
      const cats = async () => (await postings.current(), postings.lookup('labels', 'cat').sort());
      expect(await cats()).toEqual(['p0', 'p1']);
      expect(postings.lookup('terms', 'type:jpeg').sort()).toEqual(['p0', 'p1', 'p2']);

      await db.photos.delete('p0');
      expect(await cats()).toEqual(['p1']);
      await db.photos.update('p2', { labels: ['dog', 'cat'] });
      expect(await cats()).toEqual(['p1', 'p2']);
      await db.photos.where('id').between('p1', 'p2', true, true).delete();
      expect(await cats()).toEqual([]);
      expect(postings.count).toBe(0);
      const row = { id: 'p9', labels: ['cat'], categories: [], colors: [], takenAt: 0 } as unknown as PhotoRow;
      await db.photos.put(row);
      expect(await cats()).toEqual(['p9']);
      await db.photos.clear();
      expect(await cats()).toEqual([]);

      // A read that fails (an IndexedDB error) fails that search, and the change is read next time.
      await db.photos.put({ ...row, id: 'p10' } as PhotoRow);
      const bulkGet = db.photos.bulkGet.bind(db.photos);
      db.photos.bulkGet = (() => Promise.reject(new Error('disk error'))) as unknown as typeof db.photos.bulkGet;
      await expect(postings.current()).rejects.toThrow('disk error');
      db.photos.bulkGet = bulkGet;
      expect(await cats()).toEqual(['p10']);
    } finally {
      stop();
    }
  });

  it('list keys by prefix in order as new ones arrive between asks, merged into those sorted before', async () => {
    await library([{ path: 'a.jpg', labels: ['cat', 'zebra'] }]);
    const postings = new PhotoPostings(db);
    const stop = onCatalogueChange((parts) => postings.changed(parts));
    try {
      await postings.build();
      const labels = async () => (await postings.current(), postings.valuesStartingWith('labels', '', [0], 1000).map((v) => v.value));
      expect(await labels()).toEqual(['cat', 'zebra']);
      const row = (await db.photos.get('p0')) as PhotoRow;
      // Before, between and after the keys already sorted; accents and capitals sort by code unit, as `sort` does.
      const more = ['ant', 'dog', 'Émile', 'zz', 'cats', 'Bear', 'éclair', '写真'];
      for (const [i, label] of more.entries()) {
        await db.photos.put({ ...row, id: `n${i}`, labels: [label, 'cat'] });
        if (i % 3 === 0) expect(await labels()).toEqual(['cat', 'zebra', ...more.slice(0, i + 1)].sort());
      }
      expect(await labels()).toEqual(['cat', 'zebra', ...more].sort());
      expect(postings.valuesStartingWith('labels', 'cat', [0], 10)).toEqual([{ value: 'cat', count: 9 }, { value: 'cats', count: 1 }]);
    } finally {
      stop();
    }
  });
});

describe('postings kept current while the catalogue keeps changing', () => {
  it('answer once the changes seen before the search are applied, not when the changes stop', async () => {
    await library([{ path: 'a.jpg', labels: ['cat'] }]);
    const postings = new PhotoPostings(db);
    const stop = onCatalogueChange((parts) => postings.changed(parts));
    const bulkGet = db.photos.bulkGet.bind(db.photos);
    try {
      await postings.build();
      const row = (await db.photos.get('p0')) as PhotoRow;
      // An import (or the placer) writing batch after batch: each read of the changed photos sees another change arrive.
      let reads = 0;
      db.photos.bulkGet = ((keys: string[]) => {
        reads++;
        if (reads < 40) void db.photos.put({ ...row, id: `q${reads}` });
        return bulkGet(keys);
      }) as unknown as typeof db.photos.bulkGet;
      await db.photos.put({ ...row, id: 'q0', labels: ['dog'] });
      await new Promise((r) => setTimeout(r, 0));
      expect(await postings.current()).toBe(true);
      expect(postings.lookup('labels', 'dog')).toEqual(['q0']);
      expect(reads).toBeLessThanOrEqual(2);
    } finally {
      db.photos.bulkGet = bulkGet;
      stop();
    }
  });
});

describe('the timeline order kept by the search worker', () => {
  it('is read once for searches that ask while it is being read, and not kept when a change overtook the read', async () => {
    await library([{ path: 'a.jpg', labels: ['cat'] }]);
    const kept = catalogueReads(db, new PhotoPostings(db));
    const [a, b] = await Promise.all([kept.timeline(false), kept.timeline(false)]);
    expect(a).toBe(b);
    expect(await kept.timeline(false)).toBe(a);
    // A change while a read is under way: that read answers its own caller, the next call reads again.
    kept.changed(undefined);
    const overtaken = kept.timeline(false);
    kept.changed(undefined);
    const first = await overtaken;
    const next = await kept.timeline(false);
    expect(next).not.toBe(first);
    expect(orderIds(next)).toEqual(['p0']);
  });
});

describe('postings placed in a kept order', () => {
  it('find a photo the order was read with before its change reached the postings', async () => {
    await library([{ path: 'a.jpg', labels: ['cat'] }]);
    const postings = new PhotoPostings(db);
    // The postings follow changes; the reads are not told (their order stays as it was read).
    const stop = onCatalogueChange((parts) => postings.changed(parts));
    const kept = catalogueReads(db, postings);
    try {
      await postings.build();
      await db.photos.put({ ...(await db.photos.get('p0')), id: 'p9', takenAt: Date.UTC(2021, 0, 1) } as PhotoRow);
      await db.months.put({ month: 2021 * 12, count: 1, visible: 1 });
      // The order now holds p9; the postings have not applied its change yet.
      kept.slotPositions(await kept.timeline(false));
      expect((await search(kept, 'cat')).ids).toEqual(['p9', 'p0']);
    } finally {
      stop();
    }
  });
});
