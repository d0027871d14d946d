import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShoeboxDb } from '../../src/catalog/db';
import { applyScanBatch, markVanished } from '../../src/catalog/file-repo';
import { editPhoto, countProgress, readProgress, writeOutcomes, writeProgress } from '../../src/catalog/photo-repo';
import { editAlbums } from '../../src/catalog/album-repo';
import { editLabels } from '../../src/catalog/label-repo';
import { addSource } from '../../src/catalog/source-repo';
import { facesOfPhoto, listPeople, namePerson, writeFaces } from '../../src/catalog/face-repo';
import { removeMissingPhoto } from '../../src/catalog/identity';
import { catalogueReads } from '../../src/catalog/search-reads';
import { search } from '../../src/search/planner';
import { Indexer } from '../../src/indexer/indexer';
import { grantingLocks, noVision, poolOf } from './indexer-fakes';
import type { DetectedFace, IndexOutcome } from '../../src/catalog/types';

/**
 * Nothing a person did is lost: edits follow a file whose bytes change, names survive a re-index,
 * read-modify-writes do not lose each other's updates, and failed writes are not swallowed.
 */
let db: ShoeboxDb;
let seq = 0;
beforeEach(async () => {
  db = new ShoeboxDb(`work-${++seq}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const image = () => ({ blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/webp' }), width: 4, height: 3 });
const hash = (n: number) => n.toString(16).padStart(64, '0');

/** Photo `n`'s bytes; taken on day `day` of July 2019 (an edit of a photo keeps its day). */
function photo(fileId: number, n: number, extra: Partial<Extract<IndexOutcome, { kind: 'photo' }>> = {}, day = n): IndexOutcome {
  return {
    kind: 'photo', fileId, hash: hash(n), name: `IMG_${n}.jpg`, mediaType: 'image/jpeg',
    meta: { takenAt: Date.UTC(2019, 6, day), keywords: [], warnings: [] }, width: 4, height: 3, damaged: false,
    tile: image(), preview: image(), colors: ['blue'], monochrome: false, ...extra,
  };
}

/** Scan `paths` (size and mtime as given) and index whatever got queued with the hashes given. */
async function scanAndIndex(sourceId: number, files: { path: string; mtime: number; n: number; day?: number; vision?: Extract<IndexOutcome, { kind: 'photo' }>['vision'] }[]) {
  await applyScanBatch(db, sourceId, files.map((f) => ({ path: f.path, size: 100, mtime: f.mtime })));
  const jobs = await db.jobs.toArray();
  await writeOutcomes(db, jobs.map((j) => {
    const f = files.find((x) => x.path === j.path) as (typeof files)[number];
    return { jobId: j.id as number, outcome: photo(j.fileId, f.n, f.vision ? { vision: f.vision } : {}, f.day) };
  }));
  await markVanished(db, sourceId, new Set(files.map((f) => f.path)));
}

const face = (x: number, seed: number): DetectedFace => ({
  box: [x, 0.1, x + 0.2, 0.4], score: 0.9, landmarks: new Float32Array(136),
  descriptor: Float32Array.from({ length: 128 }, (_, i) => Math.sin(seed * 97 + i * 13) / 8), crop: new Blob([]),
});

describe('a file whose bytes change keeps the photo and the work', () => {
  it('moves edits, albums, labels, private and faces to the new content; the old photo is gone', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    const faces = [face(0.1, 1)];
    await scanAndIndex(source.id, [{ path: 'a.jpg', mtime: 1, n: 1, vision: { labels: [{ name: 'cat', score: 0.9 }], people: 1, faces } }]);
    await editPhoto(db, hash(1), { rating: 4, favorite: true, title: 'Shrek', private: true });
    await editAlbums(db, hash(1), { add: 'Summer 2019' });
    await editLabels(db, hash(1), { add: 'pet' });
    await editLabels(db, hash(1), { remove: 'cat' });
    const [person] = await listPeople(db);
    // Private photos' people are not listed; name through the stored row instead.
    const personId = person?.id ?? (await db.people.toCollection().primaryKeys())[0] as number;
    await namePerson(db, personId, 'Ann Lee');

    // Another program edits the file in place: new size or mtime, new bytes.
    await scanAndIndex(source.id, [{ path: 'a.jpg', mtime: 2, n: 2, day: 1, vision: { labels: [{ name: 'cat', score: 0.9 }], people: 1, faces } }]);

    expect(await db.photos.get(hash(1))).toBeUndefined();
    const now = await db.photos.get(hash(2));
    expect(now).toMatchObject({ rating: 4, favorite: true, title: 'Shrek', private: true, albums: ['Summer 2019'], name: 'IMG_1.jpg' });
    expect(now?.labels).toContain('pet');
    expect(now?.labels).not.toContain('cat');
    expect(now?.missing).toBeFalsy();
    const moved = await facesOfPhoto(db, hash(2));
    expect(moved.map((f) => f.name)).toEqual(['Ann Lee']);
    expect(await db.faces.where('photoId').equals(hash(1)).count()).toBe(0);
    expect(await db.thumbs.get(hash(1))).toBeUndefined();
    expect((await search(catalogueReads(db), 'album:"Summer 2019"', { includePrivate: true })).ids).toEqual([hash(2)]);
  });

  it('when a copy elsewhere still shows the old bytes, both photos carry the work', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanAndIndex(source.id, [{ path: 'a.jpg', mtime: 1, n: 1 }, { path: 'copy/a.jpg', mtime: 1, n: 1 }]);
    await editPhoto(db, hash(1), { rating: 5 });
    await scanAndIndex(source.id, [{ path: 'a.jpg', mtime: 2, n: 2, day: 1 }, { path: 'copy/a.jpg', mtime: 1, n: 1 }]);
    expect(await db.photos.get(hash(1))).toMatchObject({ rating: 5 });
    expect(await db.photos.get(hash(2))).toMatchObject({ rating: 5 });
  });

  it('an edit that turns a file into a photo already there merges both photos’ work', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanAndIndex(source.id, [{ path: 'a.jpg', mtime: 1, n: 1, day: 2 }, { path: 'b.jpg', mtime: 1, n: 2 }]);
    await editAlbums(db, hash(1), { add: 'Trip' });
    await editAlbums(db, hash(2), { add: 'Family' });
    await editPhoto(db, hash(2), { rating: 2 });
    await scanAndIndex(source.id, [{ path: 'a.jpg', mtime: 2, n: 2 }, { path: 'b.jpg', mtime: 1, n: 2 }]);
    expect(await db.photos.get(hash(1))).toBeUndefined();
    const merged = await db.photos.get(hash(2));
    expect(merged?.albums?.sort()).toEqual(['Family', 'Trip']);
    expect(merged?.rating).toBe(2);
  });
});

describe('another picture saved under a used name takes nothing', () => {
  it('keeps the work on the old photo, marked missing; the new picture starts clean', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanAndIndex(source.id, [{ path: 'IMG_0001.jpg', mtime: 1, n: 1 }]);
    await editPhoto(db, hash(1), { rating: 5, title: 'First day of school' });
    // The camera's numbering restarted: a picture from another day under the same name.
    await scanAndIndex(source.id, [{ path: 'IMG_0001.jpg', mtime: 2, n: 2, day: 20 }]);
    expect(await db.photos.get(hash(1))).toMatchObject({ rating: 5, title: 'First day of school', missing: true });
    const fresh = await db.photos.get(hash(2));
    expect(fresh?.rating).toBeUndefined();
    expect(fresh?.userEdits).toBeUndefined();
  });
});

describe('a photo no file shows is missing, and kept until the person removes it', () => {
  it('is marked missing when its file goes, present again when it returns, removable only while missing', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanAndIndex(source.id, [{ path: 'a.jpg', mtime: 1, n: 1 }, { path: 'b.jpg', mtime: 1, n: 2 }]);
    await editPhoto(db, hash(1), { rating: 3 });
    await expect(removeMissingPhoto(db, hash(1))).rejects.toThrow(/Only a photo whose files are all gone/);

    await markVanished(db, source.id, new Set(['b.jpg']));
    expect(await db.photos.get(hash(1))).toMatchObject({ missing: true, rating: 3 });
    expect(await db.photos.get(hash(2))).not.toMatchObject({ missing: true });

    await applyScanBatch(db, source.id, [{ path: 'a.jpg', size: 100, mtime: 1 }]);
    expect((await db.photos.get(hash(1)))?.missing).toBe(false);

    await markVanished(db, source.id, new Set(['b.jpg']));
    await removeMissingPhoto(db, hash(1));
    expect(await db.photos.get(hash(1))).toBeUndefined();
    expect(await db.files.where('hash').equals(hash(1)).count()).toBe(0);
    expect((await db.months.toArray()).reduce((n, m) => n + m.count, 0)).toBe(1);
  });
});

describe('names survive any re-index', () => {
  it('a named person keeps their faces when the model no longer finds them', async () => {
    await photoRowFor(1);
    await writeFaces(db, [{ photoId: hash(1), faces: [face(0.1, 1), face(0.5, 2)] }]);
    const [first] = await db.people.toArray();
    await namePerson(db, first?.id as number, 'Carla Diaz');
    // A re-index whose model finds no faces at all.
    await writeFaces(db, [{ photoId: hash(1), faces: [] }]);
    const people = await db.people.toArray();
    expect(people.map((p) => p.name)).toEqual(['Carla Diaz']);
    expect((await facesOfPhoto(db, hash(1))).map((f) => f.name)).toEqual(['Carla Diaz']);
  });
});

async function photoRowFor(n: number) {
  const source = await addSource(db, { name: 'P', kind: 'input' });
  await scanAndIndex(source.id, [{ path: `${n}.jpg`, mtime: 1, n }]);
  return (await db.photos.get(hash(n))) as NonNullable<Awaited<ReturnType<typeof db.photos.get>>>;
}

describe('read-modify-writes do not lose updates', () => {
  it('two album edits at once both land', async () => {
    await photoRowFor(1);
    await Promise.all([editAlbums(db, hash(1), { add: 'Trip' }), editAlbums(db, hash(1), { add: 'Family' }), editPhoto(db, hash(1), { rating: 5 })]);
    const p = await db.photos.get(hash(1));
    expect(p?.albums?.sort()).toEqual(['Family', 'Trip']);
    expect(p?.rating).toBe(5);
  });

  it('two scans counting found files at once both count', async () => {
    await writeProgress(db, { state: 'scanning', found: 0 });
    await Promise.all(Array.from({ length: 10 }, () => countProgress(db, { found: 3 })));
    expect((await readProgress(db))?.found).toBe(30);
  });

  it('a folder added twice at once is one source, through the Web Lock where there is one', async () => {
    // A lock manager that runs one holder at a time per name, as the browser's does.
    const held = new Map<string, Promise<unknown>>();
    const requested: string[] = [];
    const locks = {
      request: (name: string, run: () => Promise<unknown>) => {
        requested.push(name);
        const next = (held.get(name) ?? Promise.resolve()).then(run, run);
        held.set(name, next.catch(() => undefined));
        return next;
      },
    };
    Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true });
    try {
      const [a, b] = await Promise.all([addSource(db, { name: 'Photos', kind: 'input' }), addSource(db, { name: 'Photos', kind: 'input' })]);
      expect(a.id).toBe(b.id);
      expect(await db.sources.count()).toBe(1);
      expect(requested).toHaveLength(2);
    } finally {
      Reflect.deleteProperty(globalThis, 'navigator');
    }
  });

  it('a folder added twice at once is one source', async () => {
    const [a, b] = await Promise.all([addSource(db, { name: 'Photos', kind: 'input' }), addSource(db, { name: 'Photos', kind: 'input' })]);
    expect(a.id).toBe(b.id);
    expect(await db.sources.count()).toBe(1);
  });
});

describe('failed writes are not swallowed', () => {
  it('an import whose source cannot be updated ends in error, not "running" for ever', async () => {
    const locks = grantingLocks();
    try {
      const source = await addSource(db, { name: 'Photos', kind: 'fsa' });
      await applyScanBatch(db, source.id, [{ path: 'a.jpg', size: 1, mtime: 1, handle: {} as FileSystemFileHandle }]);
      db.sources.hook('updating', () => {
        throw new Error('the disk went away');
      });
      const pool = poolOf(async (r) => ({ kind: 'problem', fileId: r.fileId, status: 'failed', error: 'Permission withdrawn', code: 'permission' }));
      // No photo reaches vision here, so no worker is spawned (a spawn would throw).
      await new Indexer(db, () => false, noVision(), () => pool).start();
      expect(await readProgress(db)).toMatchObject({ state: 'error' });
      expect((await readProgress(db))?.message).toMatch(/the disk went away/);
    } finally {
      locks.remove();
    }
  });
});

describe('catalogues from before photos could be missing', () => {
  it('the upgrade marks photos no file shows as missing, and only those', async () => {
    const name = `v9-${++seq}`;
    const old = new Dexie(name);
    old.version(9).stores({
      sources: '++id, name', files: '++id, &[sourceId+path], hash, status, [sourceId+status], path, *words',
      photos: '&id, [takenAt+id], [hidden+takenAt+id], *labels, *categories, *colors, *terms, [gps.lat+gps.lng]',
      thumbs: '&id', previews: '&id', jobs: '++id, &[sourceId+path], sourceId, peeked', meta: '&key', months: '&month', settings: '&key',
      labelCounts: '&key', faces: '&id, photoId, personId, [personId+photoId]', people: '++id, nameKey', clusters: '&personId', faceHints: '++id, photoId',
    });
    const row = (n: number) => ({ id: hash(n), takenAt: n, hidden: 0, labels: [], categories: [], colors: [], keywords: [], warnings: [], name: `${n}.jpg`, userEdits: { rating: n } });
    await old.table('photos').bulkPut([row(1), row(2), row(3)]);
    await old.table('files').bulkAdd([
      { sourceId: 1, path: 'a.jpg', size: 1, mtime: 1, hash: hash(1), status: 'indexed' },
      { sourceId: 1, path: 'b.jpg', size: 1, mtime: 1, hash: hash(2), status: 'missing' },
      // hash(3): the photo a file edited in place left behind, with no file at all.
    ]);
    old.close();
    const upgraded = new ShoeboxDb(name);
    try {
      const photos = await upgraded.photos.bulkGet([hash(1), hash(2), hash(3)]);
      expect(photos.map((p) => [p?.missing, p?.userEdits?.rating])).toEqual([[false, 1], [true, 2], [true, 3]]);
    } finally {
      upgraded.close();
      await upgraded.delete();
    }
  });
});
