import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ShoeboxDb } from '../../src/catalog/db';
import { applyScanBatch, fileCounts, markVanished, problemFiles } from '../../src/catalog/file-repo';
import { editPhoto, getThumbs, readProgress, writeOutcomes, writeProgress } from '../../src/catalog/photo-repo';
import { keysInMonth, keysOfMonth, monthBuckets, monthOf, neighbour, photosBetween, rebuildMonths, type TimelineKey } from '../../src/catalog/timeline-repo';
import { addSource } from '../../src/catalog/source-repo';
import { dropAllPlaceholders, photoOrSuccessor, unpeekedJobs, writePlaceholders } from '../../src/catalog/placeholder-repo';
import { editLabels, labelCounts } from '../../src/catalog/label-repo';
import { catalogueReads } from '../../src/catalog/search-reads';
import { search } from '../../src/search/planner';
import type { IndexOutcome } from '../../src/catalog/types';

let db: ShoeboxDb;
/** The whole timeline, newest first, straight from the index (what the buckets must agree with). */
const allKeys = async () => (await db.photos.orderBy('[takenAt+id]').reverse().keys()) as unknown as TimelineKey[];
/** What a search finds, newest first. */
const found = async (query: string, includePrivate = false) => (await search(catalogueReads(db), query, { includePrivate })).ids;
let seq = 0;
beforeEach(async () => {
  db = new ShoeboxDb(`test-${++seq}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const image = (w = 4, h = 3) => ({ blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/webp' }), width: w, height: h });

/** A factory for indexed outcomes: a photo whose hash and date follow `n`. */
function photo(fileId: number, n: number, takenAt?: number): IndexOutcome {
  return {
    kind: 'photo', fileId, hash: `hash-${n}`, name: `IMG_${n}.jpg`, mediaType: 'image/jpeg',
    meta: { takenAt, keywords: [], warnings: [] }, width: 4, height: 3, damaged: false, tile: image(), preview: image(), colors: ['blue'], monochrome: false,
  };
}

async function scanned(sourceId: number, paths: string[], size = 100, mtime = 1000) {
  return applyScanBatch(db, sourceId, paths.map((path) => ({ path, size, mtime })));
}

describe('scanning into the catalogue', () => {
  it('queues new files once; a rescan of unchanged files queues nothing', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    const first = await scanned(source.id, ['a.jpg', 'b/c.jpg']);
    expect(first).toMatchObject({ queued: 2, unchanged: 0 });
    const jobs = await db.jobs.toArray();
    await writeOutcomes(db, jobs.map((j, i) => ({ jobId: j.id as number, outcome: photo(j.fileId, i) })));
    expect(await db.jobs.count()).toBe(0);

    const again = await scanned(source.id, ['a.jpg', 'b/c.jpg']);
    expect(again).toMatchObject({ queued: 0, unchanged: 2 });
  });

  it('reads the tiles asked for in one bulk read, and asks IndexedDB nothing when none are', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanned(source.id, ['a.jpg', 'b.jpg']);
    const jobs = await db.jobs.toArray();
    await writeOutcomes(db, jobs.map((j, i) => ({ jobId: j.id as number, outcome: photo(j.fileId, i) })));
    const ids = (await db.photos.toArray()).map((p) => p.id);
    const read = vi.spyOn(db.thumbs, 'bulkGet');
    expect([...(await getThumbs(db, [...ids, 'gone'])).keys()].sort()).toEqual([...ids].sort());
    expect(read).toHaveBeenCalledTimes(1);
    expect(await getThumbs(db, [])).toEqual(new Map());
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('does not queue a file twice when an interrupted import is rescanned', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    expect((await scanned(source.id, ['a.jpg', 'b.jpg'])).queued).toBe(2);
    expect(await scanned(source.id, ['a.jpg', 'b.jpg'])).toMatchObject({ queued: 0, unchanged: 2 });
    expect(await db.jobs.count()).toBe(2);
    // Changed while queued: the job is replaced, still one file to do.
    expect((await applyScanBatch(db, source.id, [{ path: 'a.jpg', size: 5, mtime: 5 }])).queued).toBe(0);
    expect(await db.jobs.count()).toBe(2);
  });

  it('a queued file whose sidecar came meanwhile gets a new job, and the old job’s result is dropped', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await writeProgress(db, { state: 'running', found: 1, done: 0, failed: 0 });
    await scanned(source.id, ['a.jpg']);
    const [first] = await db.jobs.toArray();
    // Scanned again before it was indexed, now with a sidecar: still one file to do.
    const sidecar = { path: 'a.jpg.xmp', size: 9, mtime: 900 };
    expect(await applyScanBatch(db, source.id, [{ path: 'a.jpg', size: 100, mtime: 1000, sidecar }])).toMatchObject({ queued: 0, unchanged: 0 });
    const [second] = await db.jobs.toArray();
    expect(second?.id).not.toBe(first?.id);
    expect((await db.files.toArray())[0]).toMatchObject({ status: 'pending', sidecar });
    // The first job was already running without the sidecar: what it read is not written, nor counted.
    await writeOutcomes(db, [{ jobId: first!.id as number, outcome: photo(first!.fileId, 1) }]);
    expect(await db.photos.count()).toBe(0);
    expect(await db.jobs.count()).toBe(1);
    expect(await readProgress(db)).toMatchObject({ done: 0 });
    // The same again (a third scan) queues nothing.
    expect(await applyScanBatch(db, source.id, [{ path: 'a.jpg', size: 100, mtime: 1000, sidecar }])).toMatchObject({ queued: 0, unchanged: 1 });
    await writeOutcomes(db, [{ jobId: second!.id as number, outcome: photo(second!.fileId, 1) }]);
    expect(await db.photos.count()).toBe(1);
    expect(await readProgress(db)).toMatchObject({ done: 1 });
  });

  it('a metadata-only job replaced for its sidecar stays metadata-only', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    const sidecar = { path: 'a.xmp', size: 9, mtime: 900 };
    await applyScanBatch(db, source.id, [{ path: 'a.jpg', size: 100, mtime: 1000, sidecar }]);
    const [job] = await db.jobs.toArray();
    await writeOutcomes(db, [{ jobId: job!.id as number, outcome: photo(job!.fileId, 1) }]);
    // Its sidecar changed: its metadata is read again; then a better-named sidecar is found.
    await applyScanBatch(db, source.id, [{ path: 'a.jpg', size: 100, mtime: 1000, sidecar: { ...sidecar, mtime: 901 } }]);
    await applyScanBatch(db, source.id, [{ path: 'a.jpg', size: 100, mtime: 1000, sidecar: { ...sidecar, path: 'a.jpg.xmp' } }]);
    expect(await db.jobs.toArray()).toEqual([expect.objectContaining({ metaOnly: true, peeked: 1 })]);
    expect((await db.files.toArray())[0]).toMatchObject({ status: 'pending', sidecar: { path: 'a.jpg.xmp' } });
  });

  it('re-queues a changed file (size or mtime) and keeps its file row', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanned(source.id, ['a.jpg']);
    const [job] = await db.jobs.toArray();
    await writeOutcomes(db, [{ jobId: job!.id as number, outcome: photo(job!.fileId, 1) }]);
    const changed = await applyScanBatch(db, source.id, [{ path: 'a.jpg', size: 100, mtime: 2000 }]);
    expect(changed.queued).toBe(1);
    expect(await db.files.count()).toBe(1);
    expect((await db.files.toArray())[0]).toMatchObject({ status: 'pending', mtime: 2000 });
  });

  it('marks vanished files missing, keeps their photo, and brings them back unchanged', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanned(source.id, ['a.jpg', 'b.jpg']);
    const jobs = await db.jobs.toArray();
    await writeOutcomes(db, jobs.map((j, i) => ({ jobId: j.id as number, outcome: photo(j.fileId, i) })));

    expect(await markVanished(db, source.id, new Set(['a.jpg']))).toBe(1);
    expect(await fileCounts(db)).toMatchObject({ indexed: 1, missing: 1 });
    expect(await db.photos.count()).toBe(2);
    expect((await problemFiles(db)).map((f) => f.path)).toEqual(['b.jpg']);

    const back = await scanned(source.id, ['b.jpg']);
    expect(back.queued).toBe(0);
    expect(await fileCounts(db)).toMatchObject({ indexed: 2, missing: 0 });
  });

  it('a file that went missing after the batch looked for missing files still comes back, its photo present again', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanned(source.id, ['a.jpg']);
    const [job] = await db.jobs.toArray();
    await writeOutcomes(db, [{ jobId: job?.id as number, outcome: photo(job?.fileId as number, 1) }]);
    await markVanished(db, source.id, new Set());
    expect(await db.photos.get('hash-1')).toMatchObject({ missing: true });
    // Another tab marked it missing just after this batch counted the source's missing files (none
    // then): the batch starts without photos in its transaction, meets the file coming back, and
    // must start again with them.
    const where = db.files.where.bind(db.files);
    let looked = 0;
    const spy = vi.spyOn(db.files, 'where').mockImplementation(((index: string) => {
      if (index !== '[sourceId+status]') return where(index);
      looked++;
      return { equals: () => ({ limit: () => ({ count: async () => 0 }) }) };
    }) as never);
    try {
      expect(await scanned(source.id, ['a.jpg'])).toMatchObject({ queued: 0 });
    } finally {
      spy.mockRestore();
    }
    expect(looked).toBe(1);
    expect(await fileCounts(db)).toMatchObject({ indexed: 1, missing: 0 });
    expect(await db.photos.get('hash-1')).toMatchObject({ missing: false });
  });

  it('a moved file keeps its photo: same bytes, same hash, one photo', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanned(source.id, ['old/place.jpg']);
    let [job] = await db.jobs.toArray();
    await writeOutcomes(db, [{ jobId: job!.id as number, outcome: photo(job!.fileId, 7, Date.UTC(2020, 0, 1)) }]);
    await editPhoto(db, 'hash-7', { rating: 5 });

    await scanned(source.id, ['new/place.jpg']);
    await markVanished(db, source.id, new Set(['new/place.jpg']));
    [job] = await db.jobs.toArray();
    await writeOutcomes(db, [{ jobId: job!.id as number, outcome: photo(job!.fileId, 7, Date.UTC(2020, 0, 1)) }]);
    expect(await db.photos.count()).toBe(1);
    expect(await db.photos.get('hash-7')).toMatchObject({ rating: 5 });
    // The old path is not reported missing: the bytes live on at the new one.
    expect((await db.files.where('hash').equals('hash-7').toArray()).map((f) => [f.path, f.status])).toEqual([['new/place.jpg', 'indexed']]);
    expect(await fileCounts(db)).toMatchObject({ indexed: 1, missing: 0 });
  });
});

describe('timeline queries', () => {
  async function library(dates: (number | undefined)[]) {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await applyScanBatch(db, source.id, dates.map((_, n) => ({ path: `${n}.jpg`, size: 1, mtime: Date.UTC(2030, 0, 1) })));
    const jobs = await db.jobs.toArray();
    await writeOutcomes(db, jobs.map((j, n) => ({ jobId: j.id as number, outcome: photo(j.fileId, n, dates[n]) })));
  }

  it('counts photos per month, newest first, and reads a month and a page by key range', async () => {
    await library([Date.UTC(2020, 0, 5), Date.UTC(2020, 0, 20), Date.UTC(2020, 2, 1), Date.UTC(2021, 6, 4), undefined]);
    expect(await monthBuckets(db)).toEqual([
      { month: monthOf(Date.UTC(2030, 0, 1)), count: 1, visible: 1 }, // no date: the file's time
      { month: 2021 * 12 + 6, count: 1, visible: 1 },
      { month: 2020 * 12 + 2, count: 1, visible: 1 },
      { month: 2020 * 12 + 0, count: 2, visible: 2 },
    ]);
    expect((await keysOfMonth(db, 2020 * 12)).map((k) => k[1])).toEqual(['hash-1', 'hash-0']);
    const keys = await allKeys();
    const page = await photosBetween(db, keys[1]!, keys[3]!);
    expect(page.map((p) => p.id)).toEqual(['hash-3', 'hash-2', 'hash-1']);
    expect(await db.photos.get('hash-4')).toMatchObject({ takenAtSource: 'mtime', takenAt: Date.UTC(2030, 0, 1) });
  });

  it('reads a stretch of a month’s keys as the whole month’s, private photos shown or not', async () => {
    await library([1, 2, 3, 4, 5, 6].map((day) => Date.UTC(2020, 0, day)));
    await db.photos.update('hash-2', { private: true, hidden: 1 });
    const month = 2020 * 12;
    for (const includePrivate of [false, true]) {
      const whole = await keysOfMonth(db, month, includePrivate);
      expect(whole).toHaveLength(includePrivate ? 6 : 5);
      for (let from = 0; from <= whole.length; from++) {
        for (const count of [1, 2, 7]) expect(await keysInMonth(db, month, from, count, includePrivate)).toEqual(whole.slice(from, from + count));
      }
    }
  });

  it('steps to the newer and older neighbour by one indexed read', async () => {
    await library([Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 3)]);
    const [newest, middle, oldest] = await allKeys();
    expect(await neighbour(db, middle!, 1)).toEqual(oldest);
    expect(await neighbour(db, middle!, -1)).toEqual(newest);
    expect(await neighbour(db, oldest!, 1)).toBeUndefined();
    expect(await neighbour(db, newest!, -1)).toBeUndefined();
  });

  it('buckets stay equal to a full recount through every kind of write', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanned(source.id, ['a.jpg', 'b.jpg', 'c.jpg']);
    const jobs = await unpeekedJobs(db, 10);
    await writePlaceholders(db, jobs, jobs.map((j, i) => ({ fileId: j.fileId, name: 'x', takenAt: Date.UTC(2019, i, 1), thumb: image() })));
    await writeOutcomes(db, [{ jobId: jobs[0]!.id as number, outcome: photo(jobs[0]!.fileId, 0, Date.UTC(2019, 0, 1)) }]);
    await markVanished(db, source.id, new Set(['a.jpg', 'c.jpg']));
    await dropAllPlaceholders(db);
    const live = await monthBuckets(db);
    await rebuildMonths(db);
    expect(live).toEqual(await monthBuckets(db));
    expect(live).toEqual([{ month: 2019 * 12, count: 1, visible: 1 }]);
  });
});

describe('writing outcomes', () => {
  it("a person's edits win over the file's metadata on re-index", async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanned(source.id, ['a.jpg']);
    let [job] = await db.jobs.toArray();
    const fromFile = (fileId: number): IndexOutcome => {
      const o = photo(fileId, 1) as Extract<IndexOutcome, { kind: 'photo' }>;
      return { ...o, meta: { ...o.meta, rating: 2, title: 'From XMP', keywords: ['xmp'] } };
    };
    await writeOutcomes(db, [{ jobId: job!.id as number, outcome: fromFile(job!.fileId) }]);
    await editPhoto(db, 'hash-1', { rating: 5, title: 'Grandma at the lake' });

    await applyScanBatch(db, source.id, [{ path: 'a.jpg', size: 100, mtime: 9999 }]);
    [job] = await db.jobs.toArray();
    await writeOutcomes(db, [{ jobId: job!.id as number, outcome: fromFile(job!.fileId) }]);
    expect(await db.photos.get('hash-1')).toMatchObject({ rating: 5, title: 'Grandma at the lake', keywords: ['xmp'] });
  });

  it('records problems with their reason and counts them in the shared progress', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanned(source.id, ['ok.jpg', 'empty.jpg']);
    await writeProgress(db, { state: 'running', found: 2, done: 0, failed: 0 });
    const [a, b] = await db.jobs.toArray();
    await writeOutcomes(db, [
      { jobId: a!.id as number, outcome: photo(a!.fileId, 1) },
      { jobId: b!.id as number, outcome: { kind: 'problem', fileId: b!.fileId, status: 'failed', error: 'The file is empty (0 bytes).' } },
    ]);
    expect(await readProgress(db)).toMatchObject({ done: 2, failed: 1 });
    expect(await problemFiles(db)).toEqual([expect.objectContaining({ path: 'empty.jpg', error: 'The file is empty (0 bytes).' })]);
    expect(await db.thumbs.count()).toBe(1);
  });

  it('a failed write changes nothing: the batch stays queued', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanned(source.id, ['a.jpg']);
    const [job] = await db.jobs.toArray();
    const broken = { ...photo(job!.fileId, 1), tile: { blob: undefined as unknown as Blob, width: 1, height: 1 } };
    db.thumbs.hook('creating', () => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    await expect(writeOutcomes(db, [{ jobId: job!.id as number, outcome: broken }])).rejects.toThrow();
    expect(await db.photos.count()).toBe(0);
    expect(await db.jobs.count()).toBe(1);
    expect((await db.files.toArray())[0]?.status).toBe('pending');
  });

  it('a folder added twice is one source', async () => {
    const a = await addSource(db, { name: 'Photos', kind: 'input' });
    const b = await addSource(db, { name: 'Photos', kind: 'input' });
    expect(b.id).toBe(a.id);
    expect(await db.sources.count()).toBe(1);
  });
});

describe('stand-ins from embedded thumbnails', () => {
  it('show a waiting file at once, in its place in time, until its real result replaces it', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanned(source.id, ['a.jpg', 'b.jpg']);
    const jobs = await unpeekedJobs(db, 10);
    expect(jobs).toHaveLength(2);
    const [a, b] = jobs;
    await writePlaceholders(db, jobs, [{ fileId: a!.fileId, name: 'a.jpg', takenAt: Date.UTC(2015, 1, 1), thumb: image(160, 120) }]);
    expect(await unpeekedJobs(db, 10)).toEqual([]);
    expect(await db.photos.get(`pending:${a!.fileId}`)).toMatchObject({ provisional: true, takenAt: Date.UTC(2015, 1, 1), name: 'a.jpg' });
    expect(await db.thumbs.count()).toBe(1);

    await writeOutcomes(db, [{ jobId: a!.id as number, outcome: photo(a!.fileId, 1, Date.UTC(2015, 1, 1)) }]);
    expect((await allKeys()).map((k) => k[1])).toEqual(['hash-1']);
    expect(await db.thumbs.get(`pending:${a!.fileId}`)).toBeUndefined();
    expect(b).toBeDefined();
    // A stand-in clicked just as it was replaced still opens: the photo that replaced it.
    expect(await photoOrSuccessor(db, `pending:${a!.fileId}`)).toMatchObject({ id: 'hash-1' });
    expect(await photoOrSuccessor(db, `pending:${b!.fileId}`)).toBeUndefined();
  });

  it('are not written for a file indexed meanwhile, and cancel removes them all', async () => {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanned(source.id, ['a.jpg', 'b.jpg']);
    const [a, b] = await unpeekedJobs(db, 10);
    await writeOutcomes(db, [{ jobId: a!.id as number, outcome: photo(a!.fileId, 1) }]);
    await writePlaceholders(db, [a!, b!], [a!, b!].map((j) => ({ fileId: j.fileId, name: 'x.jpg', thumb: image() })));
    expect(await db.photos.where('id').startsWith('pending:').primaryKeys()).toEqual([`pending:${b!.fileId}`]);
    await dropAllPlaceholders(db);
    expect(await db.photos.count()).toBe(1);
    expect(await db.thumbs.count()).toBe(1);
  });
});

describe('labels', () => {
  async function labelled(labels: string[][]) {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanned(source.id, labels.map((_, i) => `${i}.jpg`));
    const jobs = await db.jobs.toArray();
    await writeOutcomes(db, jobs.map((j, i) => ({
      jobId: j.id as number,
      outcome: { ...photo(j.fileId, i, Date.UTC(2020, 0, i + 1)), vision: { labels: labels[i]!.map((name) => ({ name, score: 0.9 })), people: 0 } } as IndexOutcome,
    })));
  }

  it('finds photos by label or category, case-insensitive, newest first', async () => {
    await labelled([['cat'], ['dog', 'couch'], ['pizza'], ['cat', 'couch']]);
    expect(await found('Cat')).toEqual(['hash-3', 'hash-0']);
    expect(await found('animal')).toEqual(['hash-3', 'hash-1', 'hash-0']);
    expect(await found('furniture')).toEqual(['hash-3', 'hash-1']);
    expect(await found('giraffe')).toEqual([]);
    expect(await found('  ')).toEqual([]);
  });

  it('filters, OR, negation, dates and phrases; what cannot be searched is said, not ignored', async () => {
    await labelled([['cat'], ['dog', 'couch'], ['pizza'], ['cat', 'couch'], ['wine glass']]);
    expect(await found('label:cat|dog')).toEqual(['hash-3', 'hash-1', 'hash-0']);
    expect(await found('label:cat -label:couch')).toEqual(['hash-0']);
    expect(await found('category:furniture cat')).toEqual(['hash-3']);
    expect(await found('color:blue after:2020-01-02 before:2020-01-04')).toEqual(['hash-2']);
    expect(await found('animal year:2020')).toEqual(['hash-3', 'hash-1', 'hash-0']);
    expect(await found('animal year:<2020')).toEqual([]);
    expect(await found('wine glass')).toEqual(['hash-4']);
    const answer = await search(catalogueReads(db), 'cat colour:red rating:<=4');
    expect(answer.ids).toEqual(['hash-3', 'hash-0']);
    expect(answer.errors).toEqual(['Unknown filter “colour:”. Did you mean color:?']);
    expect((await search(catalogueReads(db), '-label:cat')).errors).toEqual([expect.stringContaining('Add a word or a filter')]);
  });

  it('yes/no filters: private:true shows private photos, private:false and -private:true leave them out', async () => {
    await labelled([['cat'], ['dog'], ['cat']]);
    await editPhoto(db, 'hash-2', { private: true });
    expect(await found('cat')).toEqual(['hash-0']);
    expect(await found('cat private:true')).toEqual(['hash-2']);
    expect(await found('cat -private:false')).toEqual(['hash-2']);
    expect(await found('cat private:false', true)).toEqual(['hash-0']);
    expect(await found('cat -private:true', true)).toEqual(['hash-0']);
  });

  it('words that mean a label find it (WordNet): kitty, pet, automobile, sofa', async () => {
    await labelled([['cat'], ['dog', 'couch'], ['pizza'], ['car']]);
    expect(await found('kitty')).toEqual(['hash-0']);
    expect(await found('Pet')).toEqual(['hash-1', 'hash-0']);
    expect(await found('automobile')).toEqual(['hash-3']);
    expect(await found('sofa')).toEqual(['hash-1']);
    expect(await found('unicorn')).toEqual([]);
  });

  it('keeps counts per label and category, through edits', async () => {
    await labelled([['cat'], ['dog', 'couch'], ['cat', 'couch']]);
    const count = async (key: string) => (await labelCounts(db)).find((c) => c.key === key)?.count;
    expect(await count('label:cat')).toBe(2);
    expect(await count('category:animal')).toBe(3);
    await editLabels(db, 'hash-0', { remove: 'cat' });
    await editLabels(db, 'hash-1', { add: 'Birthday' });
    expect(await count('label:cat')).toBe(1);
    expect(await count('category:animal')).toBe(2);
    expect(await count('label:birthday')).toBe(1);
  });

  it('a removed label stays removed and an added one stays, when the file is indexed again', async () => {
    await labelled([['cat', 'couch']]);
    await editLabels(db, 'hash-0', { remove: 'couch', add: 'grandma' });
    const source = (await db.sources.toArray())[0]!;
    await applyScanBatch(db, source.id as number, [{ path: '0.jpg', size: 100, mtime: 5 }]);
    const [job] = await db.jobs.toArray();
    await writeOutcomes(db, [{ jobId: job!.id as number, outcome: { ...photo(job!.fileId, 0), vision: { labels: [{ name: 'cat', score: 0.9 }, { name: 'couch', score: 0.9 }], people: 0 } } as IndexOutcome }]);
    expect((await db.photos.get('hash-0'))?.labels).toEqual(['cat', 'grandma']);
    expect(await found('furniture')).toEqual([]);
  });
});

describe('private photos', () => {
  async function three(nsfw: boolean[]) {
    const source = await addSource(db, { name: 'Photos', kind: 'input' });
    await scanned(source.id, nsfw.map((_, i) => `${i}.jpg`));
    const jobs = await db.jobs.toArray();
    await writeOutcomes(db, jobs.map((j, i) => ({
      jobId: j.id as number,
      outcome: { ...photo(j.fileId, i, Date.UTC(2020, 0, i + 1)), vision: { labels: [{ name: 'person', score: 0.9 }], people: 1, nsfw: nsfw[i] } } as IndexOutcome,
    })));
    return source;
  }

  it('the model makes a photo private: out of the visible counts, keys, neighbours and search', async () => {
    await three([false, true, false]);
    expect(await monthBuckets(db)).toEqual([{ month: 2020 * 12, count: 3, visible: 2 }]);
    expect((await keysOfMonth(db, 2020 * 12)).map((k) => k[1])).toEqual(['hash-2', 'hash-0']);
    expect((await keysOfMonth(db, 2020 * 12, true)).map((k) => k[1])).toEqual(['hash-2', 'hash-1', 'hash-0']);
    const newest = (await keysOfMonth(db, 2020 * 12))[0]!;
    expect((await neighbour(db, newest, 1))?.[1]).toBe('hash-0');
    expect((await neighbour(db, newest, 1, true))?.[1]).toBe('hash-1');
    expect(await found('person')).toEqual(['hash-2', 'hash-0']);
    expect(await found('person', true)).toEqual(['hash-2', 'hash-1', 'hash-0']);
  });

  it('the person’s choice wins in both directions and survives re-indexing', async () => {
    const source = await three([false, true, false]);
    await editPhoto(db, 'hash-0', { private: true });
    await editPhoto(db, 'hash-1', { private: false });
    expect(await monthBuckets(db)).toEqual([{ month: 2020 * 12, count: 3, visible: 2 }]);
    await applyScanBatch(db, source.id, [0, 1].map((i) => ({ path: `${i}.jpg`, size: 100, mtime: 77 })));
    const jobs = await db.jobs.toArray();
    await writeOutcomes(db, jobs.map((j, i) => ({
      jobId: j.id as number,
      outcome: { ...photo(j.fileId, i, Date.UTC(2020, 0, i + 1)), vision: { labels: [], people: 0, nsfw: i === 1 } } as IndexOutcome,
    })));
    expect((await db.photos.get('hash-0'))).toMatchObject({ private: true, hidden: 1 });
    expect((await db.photos.get('hash-1'))).toMatchObject({ private: false, hidden: 0, nsfw: true });
    const all = (await db.photos.toArray()).map((p) => Object.keys(p));
    expect(all.every((keys) => !keys.includes('addedLabels') && !keys.includes('removedLabels'))).toBe(true);
  });
});
