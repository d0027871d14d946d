import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ShoeboxDb } from '../../src/catalog/db';
import { applyBatch, lastBatch, recoverBatches, undoBatch } from '../../src/catalog/batch-repo';
import { applyScanBatch } from '../../src/catalog/file-repo';
import { editPhoto, writeOutcomes } from '../../src/catalog/photo-repo';
import { albumNames, editAlbums, listAlbums } from '../../src/catalog/album-repo';
import { keysOfMonth, monthBuckets, monthOf } from '../../src/catalog/timeline-repo';
import { catalogueReads } from '../../src/catalog/search-reads';
import { search } from '../../src/search/planner';
import { addSource } from '../../src/catalog/source-repo';
import type { IndexOutcome } from '../../src/catalog/types';
import { useFreshDb } from './catalog-factories';
import { selectionFields } from '../../src/catalog/batch-edits';
import { placeText, selectionPlaces } from '../../src/catalog/place-repo';
import { placeAll } from '../../src/search/placer';
import { editLabels, labelCounts, labelsAcross } from '../../src/catalog/label-repo';
import { albumPhotosInOrder, createAlbum, deleteAlbum, moveInAlbum, renameAlbum, setAlbumCover, setAlbumOrder } from '../../src/catalog/album-manage';

/** Batch edits are the person's work: all or nothing, undoable (also after a reload), in bounded transactions. */
const fresh = useFreshDb('batch');
let db: ShoeboxDb;
beforeEach(() => {
  db = fresh();
});

const image = () => ({ blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/webp' }), width: 4, height: 3 });
const hash = (n: number) => n.toString(16).padStart(64, '0');
const JULY = monthOf(Date.UTC(2019, 6, 1));
/** What the last `library` indexed: writing it again is a re-index of the same files. */
let indexed: { jobId: number; outcome: IndexOutcome }[] = [];

/** `count` photos, one a day from 1 July 2019 (so two months when more than 31). */
async function library(count: number): Promise<string[]> {
  const { id: sourceId } = await addSource(db, { name: 'Photos', kind: 'input' });
  await applyScanBatch(db, sourceId, Array.from({ length: count }, (_, n) => ({ path: `IMG_${n}.jpg`, size: 100, mtime: 1 })));
  const jobs = await db.jobs.toArray();
  await writeOutcomes(db, (indexed = jobs.map((j, n): { jobId: number; outcome: IndexOutcome } => ({
    jobId: j.id as number,
    outcome: {
      kind: 'photo', fileId: j.fileId, hash: hash(n + 1), name: j.path, mediaType: 'image/jpeg',
      meta: { takenAt: Date.UTC(2019, 6, 1 + n), keywords: [], warnings: [] }, width: 4, height: 3, damaged: false,
      tile: image(), preview: image(), colors: ['blue'], monochrome: false,
    },
  }))));
  return Array.from({ length: count }, (_, n) => hash(n + 1));
}
const found = async (q: string) => (await search(catalogueReads(db), q)).ids.length;
const july = async () => (await keysOfMonth(db, JULY)).length;

describe('batch edits', () => {
  it('favourite, rating and albums land on every photo as the person\'s edits, and are undone exactly', async () => {
    const ids = await library(40);
    await editPhoto(db, ids[0] as string, { rating: 2 });
    const rated = await applyBatch(db, ids.slice(0, 10), { kind: 'rating', value: 5 }, { chunk: 3 });
    expect(rated.label).toBe('Rated 10 photos 5 stars');
    await applyBatch(db, ids.slice(0, 20), { kind: 'favorite', value: true }, { chunk: 7 });
    const progress: number[] = [];
    await applyBatch(db, ids, { kind: 'album', name: 'Summer 2019', add: true }, { chunk: 16, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([16, 32, 40]);
    // The same album in another case is the same album, spelled as first written.
    await applyBatch(db, ids.slice(0, 2), { kind: 'album', name: 'summer 2019', add: true });
    expect(await albumNames(db)).toEqual(['Summer 2019']);
    expect(await found('rating:5')).toBe(10);
    expect(await found('favorite:true')).toBe(20);
    expect((await listAlbums(db))[0]).toMatchObject({ name: 'Summer 2019', count: 40 });
    const first = await db.photos.get(ids[0] as string);
    expect(first?.userEdits).toMatchObject({ rating: 5, favorite: true, albums: ['Summer 2019'] });

    // Undo, newest first: the album, the favourites, the ratings (photo 0 back to its own 2 stars).
    for (let n = 0; n < 3; n++) await undoBatch(db, (await lastBatch(db))?.id as number);
    expect(await albumNames(db)).toEqual([]);
    expect(await found('favorite:true')).toBe(0);
    expect(await found('rating:5')).toBe(0);
    expect(await found('rating:2')).toBe(1);
    const back = await db.photos.get(ids[1] as string);
    expect(back?.userEdits).toEqual({});
    expect(back?.favorite).toBeUndefined();
    expect(await lastBatch(db)).toBeUndefined();
    expect(await db.undo.count()).toBe(0);
  });

  it('undo leaves what the person changed since: a rating set after, an album added or taken out after', async () => {
    const ids = await library(4);
    const [a, b, c, d] = ids as [string, string, string, string];
    await applyBatch(db, ids, { kind: 'rating', value: 5 });
    await editPhoto(db, b, { rating: 3 });
    await undoBatch(db, (await lastBatch(db))?.id as number);
    expect((await db.photos.get(a))?.rating).toBeUndefined();
    expect((await db.photos.get(b))?.rating).toBe(3);
    expect(await found('rating:3')).toBe(1);

    await editAlbums(db, d, { add: 'Beach' });
    await applyBatch(db, ids, { kind: 'album', name: 'Summer', add: true });
    await editAlbums(db, b, { add: 'Family' });
    await editAlbums(db, c, { remove: 'Summer' });
    await undoBatch(db, (await lastBatch(db))?.id as number);
    expect((await db.photos.get(a))?.userEdits).toEqual({});
    expect((await db.photos.get(b))?.albums).toEqual(['Family']);
    expect((await db.photos.get(c))?.albums).toEqual([]);
    expect((await db.photos.get(d))?.albums).toEqual(['Beach']);
    expect(await albumNames(db)).toEqual(['Beach', 'Family']);

    // Taken out by a batch, put back by hand, then the batch undone: in once, not twice.
    await applyBatch(db, [b, d], { kind: 'album', name: 'Family', add: false });
    await editAlbums(db, b, { add: 'Family' });
    await undoBatch(db, (await lastBatch(db))?.id as number);
    expect((await db.photos.get(b))?.albums).toEqual(['Family']);
    expect((await db.photos.get(d))?.albums).toEqual(['Beach']);
  });

  it('archives: out of the timeline and its month counts, found with archived:true, back on unarchive', async () => {
    const ids = await library(40);
    expect(await july()).toBe(31);
    await applyBatch(db, ids.slice(0, 5), { kind: 'archived', value: true }, { chunk: 2 });
    expect(await july()).toBe(26);
    expect((await monthBuckets(db)).find((b) => b.month === JULY)).toMatchObject({ count: 26, visible: 26 });
    expect(await found('archived:true')).toBe(5);
    expect((await search(catalogueReads(db), 'archived:true')).ids).toEqual(ids.slice(0, 5).reverse());
    expect(await found('-archived:true before:2019-07-10')).toBe(4);
    // A private photo archived stays out of the archive until private photos are shown.
    await editPhoto(db, ids[1] as string, { private: true });
    expect(await found('archived:true')).toBe(4);
    expect((await search(catalogueReads(db), 'archived:true', { includePrivate: true })).ids.length).toBe(5);
    await applyBatch(db, ids.slice(0, 3), { kind: 'archived', value: false });
    expect(await july()).toBe(28); // back: 3, of which the private one stays hidden
    expect(await found('archived:true')).toBe(2);
    await undoBatch(db, (await lastBatch(db))?.id as number);
    expect(await july()).toBe(26);
  });

  it('a failure rolls back the chunks that landed: never half-applied', async () => {
    const ids = await library(12);
    let chunks = 0;
    // The third chunk's transaction fails (a full disk, say) after two have landed.
    db.undo.hook('creating', () => {
      if (++chunks === 3) throw new Error('QuotaExceededError');
    });
    await expect(applyBatch(db, ids, { kind: 'favorite', value: true }, { chunk: 4 })).rejects.toThrow('QuotaExceededError');
    expect(await found('favorite:true')).toBe(0);
    expect(await db.batches.count()).toBe(0);
    expect(await db.undo.count()).toBe(0);
  });

  it('a batch a closed tab left running is rolled back at the next start; a fresh one is left alone', async () => {
    const ids = await library(6);
    await applyBatch(db, ids, { kind: 'favorite', value: true }, { chunk: 2 });
    const batch = (await lastBatch(db)) as NonNullable<Awaited<ReturnType<typeof lastBatch>>>;
    // As if the tab closed after the chunks but before the batch was marked done.
    await db.batches.update(batch.id as number, { state: 'running', updatedAt: 1_000 });
    await recoverBatches(db, 1_000 + 30_000);
    expect(await found('favorite:true')).toBe(6);
    await recoverBatches(db, 1_000 + 120_000);
    expect(await found('favorite:true')).toBe(0);
    expect(await db.batches.count()).toBe(0);
  });

  it('the journal survives reopening the catalogue (a reload) and undoes from there', async () => {
    const ids = await library(3);
    await applyBatch(db, ids, { kind: 'private', value: true });
    expect(await july()).toBe(0);
    db.close();
    db = new ShoeboxDb(db.name);
    await db.open();
    const batch = await lastBatch(db);
    expect(batch?.label).toBe('Made 3 photos private');
    await undoBatch(db, batch?.id as number);
    expect(await july()).toBe(3);
    db.close(); // the reopened catalogue: the suite's own is closed and deleted after the test
  });
});

describe('albums you can manage', () => {
  const summary = async () => (await listAlbums(db, true)).map((a) => [a.name, a.count, a.cover]);
  it('exists while empty, takes photos, a cover and a hand order; renames with its photos; deletes, the photos stay', async () => {
    const ids = await library(4);
    const [a, b, c, d] = ids as [string, string, string, string];
    expect(await createAlbum(db, ' Trip ')).toBe('Trip');
    expect(await createAlbum(db, 'trip')).toBe('Trip');
    expect(await summary()).toEqual([['Trip', 0, '']]);
    expect(await albumNames(db, false)).toEqual(['Trip']);
    // Photos put in it in another case join it, spelled as made.
    await applyBatch(db, [a, b, c], { kind: 'album', name: 'TRIP', add: true });
    expect((await db.photos.get(a))?.albums).toEqual(['Trip']);
    await setAlbumCover(db, 'trip', b);
    expect(await summary()).toEqual([['Trip', 3, b]]);
    await expect(setAlbumCover(db, 'Trip', d)).rejects.toThrow('The cover must be a photo of the album.');

    // By date: newest first (c, 3 July; then b; then a). By hand: moved, and kept.
    expect(await albumPhotosInOrder(db, 'Trip', false)).toEqual([c, b, a]);
    await moveInAlbum(db, 'Trip', [c, b, a], a, 0);
    expect(await albumPhotosInOrder(db, 'Trip', false)).toEqual([a, c, b]);
    // A newcomer follows the hand order; back to by date, and by hand again as it was.
    await editAlbums(db, d, { add: 'Trip' });
    expect(await albumPhotosInOrder(db, 'Trip', false)).toEqual([a, c, b, d]);
    await setAlbumOrder(db, 'Trip', 'date');
    expect(await albumPhotosInOrder(db, 'Trip', false)).toEqual([d, c, b, a]);
    await setAlbumOrder(db, 'Trip', 'hand');
    expect(await albumPhotosInOrder(db, 'Trip', false)).toEqual([a, c, b, d]);

    await createAlbum(db, 'Home');
    await expect(renameAlbum(db, 'Trip', 'home')).rejects.toThrow('There is an album called home already.');
    await renameAlbum(db, 'Trip', 'Lisbon 2019');
    expect(await summary()).toEqual([['Home', 0, ''], ['Lisbon 2019', 4, b]]);
    expect(await found('album:"lisbon 2019"')).toBe(4);
    expect(await found('album:trip')).toBe(0);
    expect((await db.photos.get(a))?.userEdits?.albums).toEqual(['Lisbon 2019']);
    expect(await albumPhotosInOrder(db, 'Lisbon 2019', false)).toEqual([a, c, b, d]);
    // A re-index keeps the new name (it is the person's edit).
    await writeOutcomes(db, indexed);
    expect((await db.photos.get(c))?.albums).toEqual(['Lisbon 2019']);

    await deleteAlbum(db, 'lisbon 2019');
    expect(await summary()).toEqual([['Home', 0, '']]);
    expect(await db.photos.count()).toBe(4);
    expect(await found('album:"lisbon 2019"')).toBe(0);

    // Both are in the undo journal: the deletion comes back with its cover and hand order, then the old name.
    const deleted = await lastBatch(db);
    expect(deleted).toMatchObject({ label: 'Deleted the album Lisbon 2019 (its 4 photos stay)', album: { from: 'Lisbon 2019' } });
    await undoBatch(db, deleted?.id as number);
    expect(await summary()).toEqual([['Home', 0, ''], ['Lisbon 2019', 4, b]]);
    expect(await albumPhotosInOrder(db, 'Lisbon 2019', false)).toEqual([a, c, b, d]);
    const renamed = await lastBatch(db);
    expect(renamed).toMatchObject({ label: 'Renamed the album Trip to Lisbon 2019', album: { from: 'Trip', to: 'Lisbon 2019' } });
    // A photo taken out of it since stays out.
    await editAlbums(db, d, { remove: 'Lisbon 2019' });
    await undoBatch(db, renamed?.id as number);
    expect(await summary()).toEqual([['Home', 0, ''], ['Trip', 3, b]]);
    expect(await albumPhotosInOrder(db, 'Trip', false)).toEqual([a, c, b]);
    expect((await db.photos.get(a))?.albums).toEqual(['Trip']);
    expect((await db.photos.get(d))?.albums).toEqual([]);
    expect(await found('album:"lisbon 2019"')).toBe(0);
  });

  it('an album of private photos only is not listed, made by the person or not', async () => {
    const [a] = (await library(2)) as [string];
    await createAlbum(db, 'Secret');
    await editAlbums(db, a, { add: 'Secret' });
    await editPhoto(db, a, { private: true });
    expect(await listAlbums(db, false)).toEqual([]);
    expect(await albumNames(db, false)).toEqual([]);
    expect((await listAlbums(db, true)).map((x) => x.name)).toEqual(['Secret']);
  });
});

describe('labels for many', () => {
  it('adds and takes off labels as the person\'s edits: counted, searchable, kept through a re-index, undone exactly', async () => {
    const ids = await library(4);
    const [a, b] = ids as [string, string];
    // The model sees a cat in the first two (a re-index with vision).
    for (const { outcome } of indexed.slice(0, 2)) if (outcome.kind === 'photo') outcome.vision = { labels: [{ name: 'cat', score: 0.9 }], people: 0 };
    await writeOutcomes(db, indexed);
    expect(await labelsAcross(db, ids)).toEqual([{ name: 'cat', count: 2 }]);

    expect((await applyBatch(db, ids, { kind: 'label', name: ' Beach ', add: true }, { chunk: 3 })).label).toBe('Labelled 4 photos beach');
    expect((await applyBatch(db, ids, { kind: 'label', name: 'cat', add: false })).label).toBe('Took the label cat off 2 photos');
    expect(await labelsAcross(db, ids)).toEqual([{ name: 'beach', count: 4 }]);
    expect((await labelCounts(db)).map((c) => [c.name, c.count])).toEqual([['beach', 4]]);
    expect(await found('label:beach')).toBe(4);
    expect(await found('label:cat')).toBe(0);
    expect((await db.photos.get(a))?.userEdits).toEqual({ addedLabels: ['beach'], removedLabels: ['cat'] });
    // The model still sees the cat: the person's choice stays.
    await writeOutcomes(db, indexed);
    expect(await labelsAcross(db, ids)).toEqual([{ name: 'beach', count: 4 }]);

    // Undo the cat's removal; b's beach taken off in the viewer since stays off when the beach is undone.
    await undoBatch(db, (await lastBatch(db))?.id as number);
    expect(await labelsAcross(db, ids)).toEqual([{ name: 'beach', count: 4 }, { name: 'cat', count: 2 }]);
    await editLabels(db, b, { remove: 'beach' });
    await undoBatch(db, (await lastBatch(db))?.id as number);
    expect(await labelsAcross(db, ids)).toEqual([{ name: 'cat', count: 2 }]);
    expect((await db.photos.get(a))?.labelInfo).toEqual([{ name: 'cat', source: 'model', score: 0.9 }]);
    expect((await db.photos.get(b))?.userEdits).toMatchObject({ removedLabels: ['beach'] });
    expect((await labelCounts(db)).map((c) => c.name)).toEqual(['animal', 'cat']);
  });
});

describe('dates, titles and captions for many', () => {
  const HOUR = 3_600_000;
  const undoLast = async () => undoBatch(db, (await lastBatch(db))?.id as number);
  const count = async (month: number) => (await keysOfMonth(db, month)).length;
  const JUNE = JULY - 1;
  const AUGUST = JULY + 1;

  it('a shift moves photos across months, survives a re-index, and undo puts every row back exactly', async () => {
    const ids = await library(40); // 1 July to 9 August
    const before = await db.photos.bulkGet(ids);
    const bucketsBefore = await monthBuckets(db);
    // "The camera clock was 1 day 1 h 12 min fast": 1, 2 and 3 July go back to 29, 30 June and 1 July, 22:48.
    const shift = -(24 * HOUR + HOUR + 12 * 60_000);
    const batch = await applyBatch(db, ids.slice(0, 3), { kind: 'date', shiftMs: shift }, { chunk: 2 });
    expect(batch.label).toBe('Shifted 3 photos 1 day 1 h 12 min earlier');
    expect(await count(JUNE)).toBe(2);
    expect(await count(JULY)).toBe(29);
    expect((await monthBuckets(db)).find((b) => b.month === JUNE)).toMatchObject({ count: 2, visible: 2 });
    const first = await db.photos.get(ids[0] as string);
    expect(first?.takenAt).toBe(Date.UTC(2019, 5, 29, 22, 48));
    expect(first?.userEdits).toEqual({ takenAt: Date.UTC(2019, 5, 29, 22, 48) });
    expect(await found('month:6')).toBe(2);
    expect(await found('before:2019-07-01')).toBe(2);

    // Re-indexing the same files (their EXIF still says July) keeps the person's date.
    await writeOutcomes(db, indexed);
    expect((await db.photos.get(ids[0] as string))?.takenAt).toBe(Date.UTC(2019, 5, 29, 22, 48));
    expect(await count(JUNE)).toBe(2);

    await undoLast();
    const after = await db.photos.bulkGet(ids);
    expect(after.map((p) => ({ ...p, userEdits: undefined }))).toEqual(before.map((p) => ({ ...p, userEdits: undefined })));
    expect(after.slice(0, 3).map((p) => p?.userEdits)).toEqual([{}, {}, {}]);
    expect(await monthBuckets(db)).toEqual(bucketsBefore);
    expect(await count(JUNE)).toBe(0);
  });

  it('rotates many from where each was, survives a re-index, and undo leaves a turn made since', async () => {
    const ids = await library(3);
    const [a, b, c] = ids as [string, string, string];
    const turn = async () => (await db.photos.bulkGet(ids)).map((p) => p?.rotation ?? 0);
    expect((await applyBatch(db, [a], { kind: 'rotate', by: 90 })).label).toBe('Rotated 1 photo right');
    expect((await applyBatch(db, ids, { kind: 'rotate', by: 270 }, { chunk: 2 })).label).toBe('Rotated 3 photos left');
    expect(await turn()).toEqual([0, 270, 270]);
    expect((await db.photos.get(b))?.userEdits).toEqual({ rotation: 270 });
    await writeOutcomes(db, indexed);
    expect(await turn()).toEqual([0, 270, 270]);
    // c turned again in the viewer after the batch: undo leaves it as the person left it.
    await applyBatch(db, [c], { kind: 'rotate', by: 180 });
    const viewerTurn = await lastBatch(db);
    await undoBatch(db, (await db.batches.where('state').equals('done').primaryKeys())[1] as number);
    expect(await turn()).toEqual([90, 0, 90]);
    await undoBatch(db, viewerTurn?.id as number);
    expect(await turn()).toEqual([90, 0, 270]);
  });

  it('sets a date and time zone for many; undo leaves a date the person changed since', async () => {
    const ids = await library(4);
    const [a, b] = ids as [string, string];
    await applyBatch(db, ids, { kind: 'date', set: Date.UTC(2020, 0, 5, 10, 30), zone: '+02:00' });
    expect(await found('year:2020')).toBe(4);
    expect(await count(JULY)).toBe(0);
    expect(await db.photos.get(a)).toMatchObject({ takenAt: Date.UTC(2020, 0, 5, 10, 30), takenAtOffset: '+02:00' });
    expect(await selectionFields(db, ids)).toMatchObject({ zone: { value: '+02:00', mixed: false }, takenAt: { value: Date.UTC(2020, 0, 5, 10, 30) } });
    // No zone, whatever the file says: '' stands for it.
    await applyBatch(db, [a], { kind: 'date', zone: '' });
    expect((await db.photos.get(a))?.takenAtOffset).toBeUndefined();
    expect((await selectionFields(db, ids)).zone).toEqual({ mixed: true });
    await undoLast();
    await applyBatch(db, [b], { kind: 'date', shiftMs: HOUR });
    await undoLast();
    // b's shift undone; now b is changed by hand (one photo, the same mechanism) before the set is undone.
    await applyBatch(db, [b], { kind: 'date', set: Date.UTC(2021, 3, 1) });
    const setBatch = (await db.batches.toArray()).find((x) => x.label.startsWith('Set the date of 4'));
    await undoBatch(db, setBatch?.id as number);
    expect(await db.photos.get(a)).toMatchObject({ takenAt: Date.UTC(2019, 6, 1), userEdits: {} });
    expect((await db.photos.get(a))?.takenAtOffset).toBeUndefined();
    expect((await db.photos.get(b))?.takenAt).toBe(Date.UTC(2021, 3, 1));
    expect(await count(JULY)).toBe(3);
  });

  it('a failing date shift leaves no photo moved and the month counts as they were', async () => {
    const ids = await library(12);
    const buckets = await monthBuckets(db);
    let chunks = 0;
    db.undo.hook('creating', () => {
      if (++chunks === 3) throw new Error('QuotaExceededError');
    });
    await expect(applyBatch(db, ids, { kind: 'date', shiftMs: 40 * 24 * HOUR }, { chunk: 4 })).rejects.toThrow('QuotaExceededError');
    expect((await db.photos.bulkGet(ids)).map((p) => p?.takenAt)).toEqual(ids.map((_, n) => Date.UTC(2019, 6, 1 + n)));
    expect(await monthBuckets(db)).toEqual(buckets);
    expect(await count(AUGUST)).toBe(0);
    expect(await db.batches.count()).toBe(0);
  });

  it('titles and captions many as plain searchable words, shows a mixed selection, and undoes', async () => {
    const ids = await library(5);
    const [a, b] = ids as [string, string];
    await applyBatch(db, [a], { kind: 'text', title: 'Lighthouse' });
    expect(await selectionFields(db, ids)).toMatchObject({ title: { mixed: true }, description: { value: '', mixed: false } });
    const batch = await applyBatch(db, ids, { kind: 'text', title: 'Brittany trip', description: 'Waves at Pointe du Raz' });
    expect(batch.label).toBe('Set the title and caption of 5 photos');
    expect(await selectionFields(db, ids)).toMatchObject({ title: { value: 'Brittany trip', mixed: false }, description: { value: 'Waves at Pointe du Raz' } });
    expect(await found('brittany')).toBe(5);
    expect(await found('waves raz')).toBe(5);
    expect(await found('title:trip')).toBe(5);
    expect(await found('lighthouse')).toBe(0);
    // Re-indexing keeps them; a caption changed since stays through the undo, the title goes back.
    await writeOutcomes(db, indexed);
    expect(await found('brittany')).toBe(5);
    await applyBatch(db, [b], { kind: 'text', description: 'Storm' });
    const textBatch = (await db.batches.toArray()).find((x) => x.label.startsWith('Set the title and caption'));
    await undoBatch(db, textBatch?.id as number);
    expect(await db.photos.get(a)).toMatchObject({ title: 'Lighthouse', userEdits: { title: 'Lighthouse' } });
    expect((await db.photos.get(a))?.description).toBeUndefined();
    expect(await db.photos.get(b)).toMatchObject({ description: 'Storm' });
    expect((await db.photos.get(b))?.title).toBeUndefined();
    expect(await found('brittany')).toBe(0);
    expect(await found('lighthouse')).toBe(1);
  });
});

describe('places for many', () => {
  const LISBON = { lat: 38.7223, lng: -9.1393 };
  const near = (p: { lat: number; lng: number }) => found(`lat:${p.lat} lng:${p.lng} dist:2`);

  it('sets a place over the file\'s GPS, named by the gazetteer, kept through a re-index; clears it; undo puts each back', async () => {
    const ids = await library(4);
    // The first photo's file says Porto; the person says Lisbon.
    const first = indexed[0]?.outcome;
    if (first?.kind !== 'photo') throw new Error('no photo');
    first.meta.gps = { lat: 41.1496, lng: -8.611 };
    await writeOutcomes(db, indexed);
    expect((await db.photos.get(ids[0] as string))?.gps).toEqual({ lat: 41.1496, lng: -8.611 });

    const placed = await applyBatch(db, ids.slice(0, 3), { kind: 'place', gps: LISBON, name: 'Lisbon, Portugal' }, { chunk: 2 });
    expect(placed.label).toBe('Placed 3 photos in Lisbon, Portugal');
    expect(await near(LISBON)).toBe(3);
    // The search worker names the new point (town, region, country), which place: and country: find.
    await placeAll(db);
    const row = await db.photos.get(ids[0] as string);
    expect(row && placeText(row)).toBe('Lisbon, Portugal');
    expect(await found('place:lisbon')).toBe(3);
    expect(await found('country:pt')).toBe(3);
    // Re-indexed: the file still says Porto, the edit still wins.
    await writeOutcomes(db, indexed);
    expect((await db.photos.get(ids[0] as string))?.gps).toEqual(LISBON);
    expect(await near(LISBON)).toBe(3);
    await placeAll(db);
    expect(await selectionPlaces(db, ids.slice(0, 3))).toMatchObject({ located: 3, same: LISBON, photos: [{ id: ids[0], place: 'Lisbon, Portugal' }] });
    expect(await selectionPlaces(db, ids)).toMatchObject({ located: 3, photos: [{ id: ids[0] }] });
    expect((await selectionPlaces(db, ids)).same).toBeUndefined();

    // Cleared: no place, even after a re-index whose file has one.
    const cleared = await applyBatch(db, ids.slice(0, 2), { kind: 'place', gps: null });
    expect(cleared.label).toBe('Cleared the place of 2 photos');
    await writeOutcomes(db, indexed);
    const gone = await db.photos.get(ids[0] as string);
    expect(gone?.gps).toBeUndefined();
    expect(gone?.place).toBeUndefined();
    expect(await near(LISBON)).toBe(1);
    await placeAll(db);
    expect(await found('place:lisbon')).toBe(1);
    // A photo without a place has none to clear: the batch skips it.
    expect((await applyBatch(db, [ids[3] as string], { kind: 'place', gps: null })).count).toBe(0);

    // Undo the clearing, then the setting: the file's own GPS is back, the others have none.
    await undoBatch(db, cleared.id as number);
    expect(await near(LISBON)).toBe(3);
    await undoBatch(db, placed.id as number);
    const back = await db.photos.get(ids[0] as string);
    expect(back?.gps).toEqual({ lat: 41.1496, lng: -8.611 });
    expect(back?.userEdits?.gps).toBeUndefined();
    expect((await db.photos.get(ids[1] as string))?.gps).toBeUndefined();
    await placeAll(db);
    expect(await found('place:porto')).toBe(1);
  }, 60_000);

  it('a place the file gave, cleared and brought back: named again', async () => {
    const ids = await library(2);
    const first = indexed[0]?.outcome;
    if (first?.kind !== 'photo') throw new Error('no photo');
    first.meta.gps = { lat: 41.1496, lng: -8.611 };
    await writeOutcomes(db, indexed);
    await placeAll(db);
    expect(await found('place:porto')).toBe(1);
    const cleared = await applyBatch(db, ids, { kind: 'place', gps: null });
    expect(cleared.count).toBe(1);
    await placeAll(db);
    expect(await found('place:porto')).toBe(0);
    await undoBatch(db, cleared.id as number);
    expect((await db.photos.get(ids[0] as string))?.gps).toEqual({ lat: 41.1496, lng: -8.611 });
    expect(await placeAll(db)).toBe(1);
    expect(await found('place:porto')).toBe(1);
  }, 60_000);

  it('undo leaves a place the person set since', async () => {
    const ids = await library(2);
    const first = await applyBatch(db, ids, { kind: 'place', gps: LISBON });
    expect(first.label).toBe('Placed 2 photos at 38.7223, -9.1393');
    await applyBatch(db, [ids[0] as string], { kind: 'place', gps: { lat: 48.8566, lng: 2.3522 }, name: 'Paris, France' });
    await undoBatch(db, first.id as number);
    expect((await db.photos.get(ids[0] as string))?.gps).toEqual({ lat: 48.8566, lng: 2.3522 });
    expect((await db.photos.get(ids[1] as string))?.gps).toBeUndefined();
  });
});
