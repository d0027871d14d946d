import type { BrowserContext, Page } from '@playwright/test';
import { expect, RequestGuard, test } from './fixtures';
import { photoCount } from './helpers';
import { photoTerms } from '../../src/catalog/terms';

/** What the synthetic photos show: label → category (a photo every few hours shows each). */
export const SYNTHETIC_LABELS: Record<string, string> = {
  cat: 'animal', dog: 'animal', bird: 'animal', horse: 'animal', car: 'vehicle', bicycle: 'vehicle', boat: 'vehicle',
  cake: 'food', pizza: 'food', person: 'people', cup: 'tableware', couch: 'furniture', 'potted plant': 'plant',
};
/** People named in the synthetic catalogue; each appears in one photo in 200. */
export const SYNTHETIC_PEOPLE = ['Ann Lee', 'Bo Chen', 'Carla Diaz', 'Dev Patel', 'Eli Stone'];

const CAMERAS: [make: string, model: string][] = [['Canon', 'Canon EOS 5D'], ['Apple', 'iPhone 13'], ['FUJIFILM', 'X-T30'], ['Google', 'Pixel 7']];
const COLORS = ['red', 'blue', 'green', 'yellow', 'white', 'black', 'orange', 'purple'];

/**
 * Photos a transaction of `writeSyntheticCatalogue` writes: a failing write says why. A million
 * photos in one transaction, in an incognito context (IndexedDB in memory, about 7 KB a photo),
 * outgrew the room it has and went idle for good instead of aborting (sessions 18 and 19); in
 * transactions of 100,000 the same write fails at once with a QuotaExceededError.
 */
const PER_TRANSACTION = 100_000;

/**
 * Write a synthetic catalogue of `count` photos straight into the app's IndexedDB (photos, month
 * counts, labels, colours, cameras, search terms, and people with one face each per photo they are
 * in; no thumbnails), one photo an hour back from 2024-01-01: what a long-lived library looks
 * like to the grid and the search.
 * The app must have opened its database once (schema). `vectors`: each photo's vector for "More
 * like this" too (a second write per photo: about 11 s more at 100,000 here). `portrait`: every
 * photo 3000 × 4000 instead of 4000 × 3000.
 */
export async function writeSyntheticCatalogue(page: Page, count: number, { vectors: withVectors = true, portrait = false } = {}): Promise<void> {
  // Search terms as the app derives them (catalog/terms.ts); the date's are added per photo below.
  const cameraTerms = CAMERAS.map(([make, model]) => photoTerms({ make, model, mediaType: 'image/jpeg', takenAt: NaN, keywords: [], damaged: false }));
  await page.evaluate(async ({ count, vocabulary, names, cameras, cameraTerms, colors, withVectors, portrait, perTransaction }) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('shoebox');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const start = Date.UTC(2024, 0, 1);
    const months = new Map<number, number>();
    const labels = Object.keys(vocabulary);
    const perPerson = new Map<number, Set<string>>(names.map((_, k) => [k + 1, new Set<string>()]));
    // Each photo's vector for "More like this" (vision/embedding.ts: 128 int8, its scale, version 1), seeded.
    let seed = 17;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24) - 128;
    /** Photos `from` to `to` in one transaction; the last one writes the people and month counts. */
    const write = (from: number, to: number, last: boolean) => new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['photos', 'photoLog', 'months', 'people', 'faces', 'embeddings'], 'readwrite');
      const photos = tx.objectStore('photos');
      // Logged as the app logs a change it cannot name photo by photo (db.ts `photoLogging`): the
      // search worker's saved postings, if any, are read again.
      tx.objectStore('photoLog').add({ id: '*' });
      const vectors = tx.objectStore('embeddings');
      const faces = tx.objectStore('faces');
      for (let i = from; i < to; i++) {
        const takenAt = start - i * 3_600_000;
        const d = new Date(takenAt);
        const month = d.getUTCFullYear() * 12 + d.getUTCMonth();
        months.set(month, (months.get(month) ?? 0) + 1);
        const [make, model] = cameras[i % cameras.length] as string[];
        const id = (Math.imul(i + 1, 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(8);
        const shown = [labels[i % labels.length], labels[(i * 7 + 3) % labels.length]].filter((l, k, all) => all.indexOf(l) === k) as string[];
        photos.put({
          id, takenAt, takenAtSource: 'exif', width: portrait ? 3000 : 4000, height: portrait ? 4000 : 3000, mediaType: 'image/jpeg',
          name: `IMG_${String(i).padStart(6, '0')}.jpg`, damaged: false, addedAt: start, keywords: [], warnings: [], make, model,
          labels: shown, categories: [...new Set(shown.map((l) => vocabulary[l] as string))],
          labelInfo: shown.map((name) => ({ name, source: 'model', score: 0.8 })), colors: [colors[(i * 5) % colors.length], colors[(i * 3 + 1) % colors.length]], monochrome: false, private: false, hidden: 0,
          terms: [...(cameraTerms[i % cameras.length] as string[]), `month:${d.getUTCMonth() + 1}`, `day:${d.getUTCDate()}`],
        });
        if (withVectors) vectors.put({ id, v: Int8Array.from({ length: 128 }, next), s: 1 / 127 / 16, ver: 1 });
        if (i % 40 === 0) {
          const personId = ((i / 40) % names.length) + 1;
          perPerson.get(personId)?.add(id);
          faces.put({ id: `${id}:0`, photoId: id, personId, assignedBy: 'user', box: [0.4, 0.2, 0.6, 0.5], score: 0.9, landmarks: new Float32Array(136), descriptor: new Float32Array(128), crop: new Blob([]) });
        }
      }
      if (last) {
        for (const [personId, ids] of perPerson) {
          tx.objectStore('people').put({ id: personId, name: names[personId - 1], nameKey: names[personId - 1]?.toLowerCase(), faceCount: ids.size, photoCount: ids.size, createdAt: start });
        }
        const store = tx.objectStore('months');
        for (const [month, n] of months) store.put({ month, count: n, visible: n });
      }
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('the transaction aborted'));
    });
    for (let from = 0; from < count; from += perTransaction) await write(from, Math.min(count, from + perTransaction), from + perTransaction >= count);
    db.close();
  }, { count, vocabulary: SYNTHETIC_LABELS, names: SYNTHETIC_PEOPLE, cameras: CAMERAS, cameraTerms, colors: COLORS, withVectors, portrait, perTransaction: PER_TRANSACTION });
}

/** Open the app in `page` (its database made) and write `count` synthetic photos without vectors: no browser test of the synthetic library compares photos. */
async function writeFresh(page: Page, count: number, portrait = false): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Try the demo' })).toBeVisible(); // database opened
  await writeSyntheticCatalogue(page, count, { vectors: false, portrait });
}

/** Open the app on a synthetic catalogue of `count` photos (`writeSyntheticCatalogue`, `portrait` or not), its grid showing them all. */
export async function openSyntheticLibrary(page: Page, count: number, { portrait = false } = {}): Promise<void> {
  await writeFresh(page, count, portrait);
  await page.reload();
  await expect(photoCount(page)).toHaveText(new RegExp(`^${count.toLocaleString('en')} photos`));
}

/**
 * For the tests that only read a 100,000-photo library and must run alone (tagged @alone, one
 * worker): one such library for the worker, written once into a browser context the worker keeps
 * (writing it takes about 50 s), every request of it guarded as a test's are. Each test gets a
 * new page of that context, blank (`libraryPage`: add init scripts, then `openLibrary100k`), and
 * must leave the library as it found it.
 */
export const test100k = test.extend<{ libraryPage: Page }, { library100k: BrowserContext }>({
  library100k: [
    async ({ browser }, use, workerInfo) => {
      const { baseURL, viewport, serviceWorkers } = workerInfo.project.use;
      const guard = new RequestGuard(baseURL);
      const context = await browser.newContext({ baseURL, viewport, serviceWorkers });
      guard.watch(context);
      const page = await context.newPage();
      await writeFresh(page, 100_000);
      await page.close();
      await use(context);
      await context.close();
      expect(guard.foreign, 'requests that left the app').toEqual([]);
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  libraryPage: async ({ library100k, requestGuard }, use) => {
    requestGuard.watch(library100k);
    const page = await library100k.newPage();
    await use(page);
    await page.close();
  },
});

/** Open the app in a page of `test100k`'s library, its grid showing every photo. */
export async function openLibrary100k(page: Page): Promise<void> {
  await page.goto('/');
  await expect(photoCount(page)).toHaveText(/^100,000 photos/);
}
