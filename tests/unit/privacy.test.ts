import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DBCore, DBCoreGetManyRequest, DBCoreGetRequest, DBCoreOpenCursorRequest, DBCoreQueryRequest } from 'dexie';
import { ShoeboxDb } from '../../src/catalog/db';
import { editPhoto, writeOutcomes } from '../../src/catalog/photo-repo';
import { applyScanBatch, markVanished } from '../../src/catalog/file-repo';
import { addSource } from '../../src/catalog/source-repo';
import { editLabels, labelCounts, recountLabels } from '../../src/catalog/label-repo';
import { albumNames, editAlbums, listAlbums } from '../../src/catalog/album-repo';
import { removeMissingPhoto } from '../../src/catalog/identity';
import { suggest } from '../../src/search/suggest';
import { catalogueReads } from '../../src/catalog/search-reads';
import { search } from '../../src/search/planner';
import { listPeople } from '../../src/catalog/face-repo';
import type { FaceRow, IndexOutcome, PhotoMeta } from '../../src/catalog/types';
import { keptReads } from './catalog-factories';

/**
 * One private-photo rule for every derived view (src/catalog/visibility.ts): while private photos
 * are hidden, none is a cover, none is counted, and a name only they carry is not listed; shown,
 * they count like any other.
 */

let db: ShoeboxDb;
let seq = 0;
/** Photo rows read (whole rows, not index keys) since the last reset: see `countRowReads`. */
let rowsRead = 0;

/** A DBCore middleware counting the photo rows every read returns: get, getMany, queries and cursors over values. */
const countRowReads = {
  stack: 'dbcore' as const,
  name: 'count-photo-rows',
  create: (down: DBCore): DBCore => ({
    ...down,
    table(name: string) {
      const table = down.table(name);
      if (name !== 'photos') return table;
      return {
        ...table,
        // Dexie's own promises (`then`, no async/await), so transactions stay alive across calls.
        get: (req: DBCoreGetRequest) => table.get(req).then((row: unknown) => {
          if (row !== undefined) rowsRead++;
          return row;
        }),
        getMany: (req: DBCoreGetManyRequest) => table.getMany(req).then((rows: unknown[]) => {
          rowsRead += rows.filter((r) => r !== undefined).length;
          return rows;
        }),
        query: (req: DBCoreQueryRequest) => table.query(req).then((res) => {
          if (req.values) rowsRead += res.result.length;
          return res;
        }),
        openCursor: (req: DBCoreOpenCursorRequest) => table.openCursor(req).then((cursor) => {
          if (cursor && req.values) rowsRead++;
          return cursor;
        }),
      };
    },
  }),
};

beforeEach(async () => {
  db = new ShoeboxDb(`privacy-${++seq}`);
  db.use(countRowReads);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const image = () => ({ blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/webp' }), width: 4, height: 3 });

/**
 * Three photos. `p-0` is private (the model says so) and sorts first, so it is the natural cover
 * of everything it carries: cat and animal (with `p-1`), dog, its own camera and keyword, and the
 * album "Trip" (with `p-1`) and "Secret" (alone).
 */
async function library() {
  const source = await addSource(db, { name: 'Photos', kind: 'input' });
  await applyScanBatch(db, source.id, [0, 1, 2].map((i) => ({ path: `${i}.jpg`, size: 100, mtime: 1000 })));
  const jobs = (await db.jobs.toArray()).sort((a, b) => a.fileId - b.fileId);
  const spec: { meta: Partial<PhotoMeta>; labels: string[]; nsfw: boolean }[] = [
    { meta: { make: 'Leica', model: 'M6', keywords: ['nightlife'] }, labels: ['cat', 'dog'], nsfw: true },
    { meta: { make: 'Canon', model: 'EOS 5D', keywords: ['holiday'] }, labels: ['cat'], nsfw: false },
    { meta: { make: 'Canon', model: 'EOS 5D', keywords: [] }, labels: ['person'], nsfw: false },
  ];
  await writeOutcomes(db, jobs.map((j, i) => {
    const s = spec[i]!;
    const outcome: IndexOutcome = {
      kind: 'photo', fileId: j.fileId, hash: `p-${i}`, name: `${i}.jpg`, mediaType: 'image/jpeg',
      meta: { takenAt: Date.UTC(2021, 4, i + 1), warnings: [], ...s.meta, keywords: s.meta.keywords ?? [] },
      width: 4, height: 3, damaged: false, tile: image(), preview: image(), colors: ['blue'], monochrome: false,
      vision: { labels: s.labels.map((name) => ({ name, score: 0.9 })), people: 0, nsfw: s.nsfw },
    };
    return { jobId: j.id as number, outcome };
  }));
  await editPhoto(db, 'p-0', { albums: ['Trip', 'Secret'] });
  await editPhoto(db, 'p-1', { albums: ['Trip'] });
  expect(await db.photos.get('p-0')).toMatchObject({ private: true, hidden: 1 });
  return source.id;
}

const byKey = async (includePrivate?: boolean) => new Map((await labelCounts(db, includePrivate)).map((c) => [c.key, c]));
const suggested = async (query: string, includePrivate?: boolean) => (await suggest(catalogueReads(db), query, includePrivate)).map((s) => [s.text, s.count]);

describe('private photos in derived views', () => {
  it('labels and categories: never a private cover, not counted, a private-only label not listed', async () => {
    await library();
    const hidden = await byKey();
    expect(hidden.get('label:cat')).toMatchObject({ count: 1, cover: 'p-1' });
    expect(hidden.get('category:animal')).toMatchObject({ count: 1, cover: 'p-1' });
    expect(hidden.has('label:dog')).toBe(false);
    expect([...hidden.values()].every((c) => c.cover !== 'p-0')).toBe(true);

    const shown = await byKey(true);
    expect(shown.get('label:cat')).toMatchObject({ count: 2, cover: 'p-0' });
    expect(shown.get('label:dog')).toMatchObject({ count: 1, cover: 'p-0' });
    expect(shown.get('category:animal')?.count).toBe(2);
  });

  it('albums: never a private cover, not counted, an album of private photos only not listed', async () => {
    await library();
    expect(await listAlbums(db)).toEqual([{ name: 'Trip', count: 1, cover: 'p-1' }]);
    expect(await albumNames(db, false)).toEqual(['Trip']);
    expect(await listAlbums(db, true)).toEqual([{ name: 'Secret', count: 1, cover: 'p-0' }, { name: 'Trip', count: 2, cover: 'p-0' }]);
    expect(await albumNames(db)).toEqual(['Secret', 'Trip']);
  });

  it('search suggestions: counts leave private photos out; names only they carry are not suggested', async () => {
    await library();
    // (The files' keywords are labels too.)
    expect(await suggested('label:')).toEqual([['label:cat', 1], ['label:holiday', 1], ['label:person', 1]]);
    expect(await suggested('label:', true)).toEqual([['label:cat', 2], ['label:dog', 1], ['label:holiday', 1], ['label:nightlife', 1], ['label:person', 1]]);
    expect(await suggested('camera:')).toEqual([['camera:"canon eos 5d"', 2]]);
    expect(await suggested('camera:', true)).toEqual([['camera:"canon eos 5d"', 2], ['camera:"leica m6"', 1]]);
    expect(await suggested('keywords:')).toEqual([['keywords:holiday', 1]]);
    expect(await suggested('album:')).toEqual([['album:trip', 1]]);
    expect(await suggested('album:', true)).toEqual([['album:trip', 2], ['album:secret', 1]]);
    // Plain words: labels, categories, cameras and albums together.
    expect(await suggested('do')).toEqual([]);
    expect(await suggested('do', true)).toEqual([['dog', 1]]);
    expect(await suggested('lei')).toEqual([]);
    expect(await suggested('lei', true)).toEqual([['camera:"leica m6"', 1]]);
    expect(await suggested('sec')).toEqual([]);
    expect(await suggested('sec', true)).toEqual([['album:secret', 1]]);
  });

  it('suggestions counted from the postings in memory are the ones IndexedDB counts, before and after a change', async () => {
    await library();
    const { postings, reads: kept, stop } = keptReads(db);
    try {
      await postings.build();
      const same = async () => {
        for (const includePrivate of [false, true]) {
          for (const q of ['label:', 'category:', 'camera:', 'lens:', 'keywords:', 'album:', 'place:', 'do', 'lei', 'sec', 'c', 'ca', 'ho', 'camera:le', '-label:c']) {
            const fromIdb = await suggest(catalogueReads(db), q, includePrivate);
            expect(await suggest(kept, q, includePrivate), `${q} ${includePrivate}`).toEqual(fromIdb);
          }
        }
      };
      await same();
      expect(await suggest(kept, 'label:')).not.toEqual([]);
      await editPhoto(db, 'p-1', { private: true, albums: ['Trip', 'Later'] });
      await same();
      expect((await suggest(kept, 'album:', true)).map((s) => s.text)).toContain('album:later');
    } finally {
      stop();
    }
  });

  it('the suggested count is what the search then finds', async () => {
    await library();
    for (const includePrivate of [false, true]) {
      for (const s of [...(await suggest(catalogueReads(db), 'label:', includePrivate)), ...(await suggest(catalogueReads(db), 'album:', includePrivate)), ...(await suggest(catalogueReads(db), 'camera:', includePrivate))]) {
        expect((await search(catalogueReads(db), s.text, { includePrivate })).ids.length, `${s.text} ${includePrivate}`).toBe(s.count);
      }
    }
  });

  it('a photo made private (or public again) by the person moves every view at once', async () => {
    await library();
    await editPhoto(db, 'p-1', { private: true });
    expect((await byKey()).has('label:cat')).toBe(false);
    expect(await listAlbums(db)).toEqual([]);
    await editPhoto(db, 'p-0', { private: false });
    expect((await byKey()).get('label:dog')).toMatchObject({ count: 1, cover: 'p-0' });
    expect(await listAlbums(db)).toEqual([{ name: 'Secret', count: 1, cover: 'p-0' }, { name: 'Trip', count: 1, cover: 'p-0' }]);
  });

  it('people: someone seen only in private photos is listed, and counted, only when they are shown', async () => {
    await library();
    const face = (photoId: string, personId: number): FaceRow => ({
      id: `${photoId}:0`, photoId, personId, assignedBy: 'user', box: [0, 0, 0.5, 0.5], score: 0.9,
      landmarks: new Float32Array(136), descriptor: new Float32Array(128), crop: new Blob([]),
    });
    await db.faces.bulkPut([face('p-0', 1), face('p-1', 2), face('p-2', 2)]);
    await db.people.bulkPut([
      { id: 1, name: 'Ann', nameKey: 'ann', faceCount: 1, photoCount: 1, coverFaceId: 'p-0:0', createdAt: 0 },
      { id: 2, name: 'Bob', nameKey: 'bob', faceCount: 2, photoCount: 2, coverFaceId: 'p-1:0', createdAt: 0 },
    ]);
    await db.faces.put({ ...face('p-0', 2), id: 'p-0:1' });
    await db.people.update(2, { faceCount: 3, photoCount: 3, coverFaceId: 'p-0:1' });
    expect((await listPeople(db)).map((p) => [p.name, p.photoCount, p.coverFaceId])).toEqual([['Bob', 2, 'p-1:0']]);
    expect((await listPeople(db, true)).map((p) => [p.name, p.photoCount, p.coverFaceId])).toEqual([['Ann', 1, 'p-0:0'], ['Bob', 3, 'p-0:1']]);
    expect(await suggested('person:')).toEqual([['person:Bob', 2]]);
    expect(await suggested('person:', true)).toEqual([['person:Bob', 3], ['person:Ann', 1]]);
  });

  it('a label the person adds or removes moves counts and covers, a hidden cover replaced', async () => {
    await library();
    await editLabels(db, 'p-2', { add: 'cat' });
    expect((await byKey()).get('label:cat')).toMatchObject({ count: 2, cover: 'p-1' });
    expect((await byKey(true)).get('label:cat')).toMatchObject({ count: 3, cover: 'p-0' });
    await editLabels(db, 'p-1', { remove: 'cat' });
    expect((await byKey()).get('label:cat')).toMatchObject({ count: 1, cover: 'p-2' });
    expect((await byKey(true)).get('label:cat')).toMatchObject({ count: 2, cover: 'p-0' });
    await editLabels(db, 'p-0', { remove: 'dog' });
    expect((await byKey(true)).has('label:dog')).toBe(false);
    await editLabels(db, 'p-0', { add: 'secretive' });
    expect((await byKey()).has('label:secretive')).toBe(false);
    expect((await byKey(true)).get('label:secretive')).toMatchObject({ count: 1, cover: 'p-0' });
    expect(await suggested('label:sec')).toEqual([]);
    expect(await suggested('label:sec', true)).toEqual([['label:secretive', 1]]);
  });

  it('an album change moves counts and covers, shown and hidden', async () => {
    await library();
    await editAlbums(db, 'p-2', { add: 'trip' });
    expect(await listAlbums(db)).toEqual([{ name: 'Trip', count: 2, cover: 'p-1' }]);
    await editAlbums(db, 'p-1', { remove: 'Trip' });
    expect(await listAlbums(db)).toEqual([{ name: 'Trip', count: 1, cover: 'p-2' }]);
    expect(await listAlbums(db, true)).toEqual([{ name: 'Secret', count: 1, cover: 'p-0' }, { name: 'Trip', count: 2, cover: 'p-0' }]);
    await editAlbums(db, 'p-0', { remove: 'Secret' });
    await editAlbums(db, 'p-2', { add: 'Hidden away' });
    await editPhoto(db, 'p-2', { private: true });
    expect(await listAlbums(db)).toEqual([]);
    expect(await listAlbums(db, true)).toEqual([{ name: 'Hidden away', count: 1, cover: 'p-2' }, { name: 'Trip', count: 2, cover: 'p-0' }]);
    expect(await suggested('album:', true)).toEqual([['album:trip', 2], ['album:"hidden away"', 1]]);
  });

  it('a photo removed from the library leaves every count, private or not', async () => {
    const source = await library();
    await markVanished(db, source, new Set(['2.jpg']));
    await db.embeddings.put({ id: 'p-0', v: new Int8Array(128), s: 1, ver: 1 });
    await removeMissingPhoto(db, 'p-0');
    await removeMissingPhoto(db, 'p-1');
    // Its vector for "More like this" goes too (else every similar: query would score it).
    expect(await db.embeddings.get('p-0')).toBeUndefined();
    expect([...(await byKey(true)).keys()].sort()).toEqual(['category:people', 'label:person']);
    expect(await listAlbums(db, true)).toEqual([]);
    expect(await suggested('camera:', true)).toEqual([['camera:"canon eos 5d"', 1]]);
  });

  it('a photo folded into a stack is counted through its top only, never a cover', async () => {
    const source = await library();
    await applyScanBatch(db, source, ['DCIM/IMG_1.CR2', 'DCIM/IMG_1.JPG'].map((path) => ({ path, size: 100, mtime: 1000 })));
    const jobs = (await db.jobs.toArray()).sort((a, b) => a.fileId - b.fileId);
    // The RAW's id sorts first: the natural cover of its label, keyword and album, were it not folded.
    await writeOutcomes(db, jobs.map((j, i) => ({
      jobId: j.id as number,
      outcome: {
        kind: 'photo', fileId: j.fileId, hash: i ? 'z-jpg' : 'a-raw', name: i ? 'IMG_1.JPG' : 'IMG_1.CR2', mediaType: i ? 'image/jpeg' : 'image/x-canon-cr2',
        meta: { takenAt: Date.UTC(2021, 5, 1), warnings: [], keywords: ['owl'] }, width: 4, height: 3, damaged: false, tile: image(), preview: image(),
        colors: ['blue'], monochrome: false, vision: { labels: [{ name: 'bird', score: 0.9 }], people: 0 },
      } satisfies IndexOutcome,
    })));
    expect(await db.photos.get('a-raw')).toMatchObject({ folded: true, hidden: 2 });
    await editPhoto(db, 'a-raw', { albums: ['Birds'] });
    await editPhoto(db, 'z-jpg', { albums: ['Birds'] });
    for (const includePrivate of [false, true]) {
      expect((await byKey(includePrivate)).get('label:bird')).toMatchObject({ count: 1, cover: 'z-jpg' });
      expect((await listAlbums(db, includePrivate)).find((a) => a.name === 'Birds')).toEqual({ name: 'Birds', count: 1, cover: 'z-jpg' });
      expect(await suggested('keywords:ow', includePrivate)).toEqual([['keywords:owl', 1]]);
    }
  });

  it('label lists, albums and suggestions read no hidden photo’s row, however many there are', async () => {
    await library();
    // Twenty more private photos, each carrying every name the views list.
    const p0 = await db.photos.get('p-0');
    await db.transaction('rw', [db.photos, db.labelCounts], async () => {
      await db.photos.bulkPut(Array.from({ length: 20 }, (_, i) => ({ ...p0!, id: `q-${i}` })));
      await recountLabels(db, [p0!]);
    });
    rowsRead = 0;
    expect((await byKey()).get('label:cat')).toMatchObject({ count: 1, cover: 'p-1' });
    expect((await byKey(true)).get('label:cat')).toMatchObject({ count: 22, cover: 'p-0' });
    expect(await listAlbums(db)).toEqual([{ name: 'Trip', count: 1, cover: 'p-1' }]);
    expect(await albumNames(db, false)).toEqual(['Trip']);
    for (const query of ['c', 'label:', 'category:', 'album:', 'camera:', 'keywords:', 'lens:', 'le']) await suggest(catalogueReads(db), query);
    expect(await suggested('camera:')).toEqual([['camera:"canon eos 5d"', 2]]);
    expect(await suggested('camera:', true)).toEqual([['camera:"leica m6"', 21], ['camera:"canon eos 5d"', 2]]);
    expect(rowsRead).toBe(0);
  });
});
