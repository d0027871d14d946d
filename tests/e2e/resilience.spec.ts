import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from './fixtures';
import { makeJpeg, scenePainter } from '../fixtures/photos.mjs';
import { fixtureLibrary, type FixtureFile } from './fixture-library';
import { installFolder, photoCount, pickerReturnsFolder, removeFromFolder, waitForImportDone } from './helpers';

/** Photos big enough that indexing takes a few seconds (so there is a "mid-way"). Made once. */
const made: FixtureFile[] = [];
function biggerPhotos(count: number): FixtureFile[] {
  for (let i = made.length; i < count; i++) made.push(biggerPhoto(i));
  return made.slice(0, count);
}
function biggerPhoto(i: number): FixtureFile {
  return {
    path: `batch/photo-${String(i).padStart(3, '0')}.jpg`,
    data: makeJpeg({ width: 1200, height: 900, paint: scenePainter(1200, 900, 100 + i), quality: 80, exif: { taken: `2018:05:${String((i % 28) + 1).padStart(2, '0')} 12:00:00` } }),
  };
}

test('the fallback input indexes a folder, says it must be picked again after a reload, and keeps the catalogue', async ({ page }) => {
  await page.addInitScript(() => {
    delete (window as { showDirectoryPicker?: unknown }).showDirectoryPicker;
  });
  const dir = mkdtempSync(join(tmpdir(), 'shoebox-input-'));
  const root = join(dir, 'Holidays');
  for (const f of fixtureLibrary()) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.data);
  }
  await page.goto('/');
  await expect(page.getByText(/pick the folder again/)).toBeVisible();
  await page.getByLabel('Add folder').setInputFiles(root);
  await waitForImportDone(page);
  await expect(photoCount(page)).toHaveText(/^17 photos/);
  await page.getByText(/^Problems \(4\)/).click();

  await page.reload();
  await expect(photoCount(page)).toHaveText(/^17 photos/);
  await expect(page.getByRole('list', { name: 'Folders' })).toContainText('Holidays');
  await expect(page.getByRole('list', { name: 'Folders' })).toContainText(/pick it again/);
});

test('an import paused and closed mid-way resumes after a reload without redoing finished files', async ({ page }) => {
  await page.goto('/');
  const photos = biggerPhotos(12);
  await installFolder(page, photos);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await page.getByRole('button', { name: 'Pause' }).click();
  // Pausing stops the indexing, not the walk: the folder's files are all queued before one goes.
  await expect(page.getByRole('status').filter({ hasText: /Paused/ })).toContainText('Found 12,');
  const before = Number(/done (\d+)/.exec((await page.getByRole('status').filter({ hasText: /Paused/ }).textContent()) ?? '')?.[1]);
  expect(before).toBeLessThan(12);

  // While the tab is closed, a queued file is deleted.
  await removeFromFolder(page, 'batch/photo-011.jpg');
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: /Paused/ })).toContainText(`Found 12, done ${before}`);
  await page.getByRole('button', { name: 'Resume' }).click();
  await waitForImportDone(page);
  // Every file counted exactly once: nothing finished before the reload was redone. The deleted
  // file is the one failure.
  await expect(page.getByRole('status').filter({ hasText: /All done/ })).toContainText('Found 12, done 12, failed 1');
  await expect(photoCount(page)).toHaveText(/^11 photos/);
  await page.getByText(/^Problems \(1\)/).click();
  await expect(page.getByRole('table', { name: 'Problems' })).toContainText(/batch\/photo-011\.jpg.*Missing.*deleted or moved before it could be read/);
});

test('cancel stops an import; a rescan picks up exactly what was left', async ({ page }) => {
  await page.goto('/');
  await installFolder(page, biggerPhotos(12));
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  // Cancel once the scan has queued files: a click before it counted any left "Cancelled.
  // Nothing new or changed." with no count to compare (seen once in a clean-clone run).
  await expect(page.getByRole('status').filter({ hasText: /Found [1-9]/ })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  const cancelled = page.getByRole('status').filter({ hasText: /Cancelled/ });
  await expect(cancelled).toBeVisible();
  const done = Number(/done (\d+)/.exec((await cancelled.textContent()) ?? '')?.[1]);
  expect(done).toBeLessThan(12);
  await expect(page.getByRole('button', { name: 'Pause' })).toBeHidden();

  await page.getByRole('button', { name: 'Rescan' }).click();
  await waitForImportDone(page);
  await expect(page.getByRole('status').filter({ hasText: /All done/ })).toContainText(`Found ${12 - done}, done ${12 - done}, failed 0`);
  await expect(photoCount(page)).toHaveText(/^12 photos/);
});

test('a full disk stops the import with a clear message and leaves the catalogue consistent', async ({ browser, baseURL }) => {
  const origin = new URL(baseURL as string).origin;
  // Chromium's IndexedDB reckons the room it has when the origin first writes to it, and only
  // its own writes count against that after: a quota set later (Storage.overrideQuotaForOrigin)
  // never reaches it. So the quota is set before the app first loads, with the folder already in
  // place, and without the service worker (its precache of about 34 MB would fill the room).
  const context = await browser.newContext({ baseURL, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto('/manifest.webmanifest');
  await installFolder(page, biggerPhotos(12));
  const { usage } = await page.evaluate(() => navigator.storage.estimate());
  const cdp = await context.newCDPSession(page);
  // Measured: 1200×900 photos take about 200 KB each in previews and tiles. Leave room for a few.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: (usage ?? 0) + 1_000_000 });
  await page.goto('/');
  await pickerReturnsFolder(page);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText(/Storage is full.*Nothing was lost/, { timeout: 60_000 });
  const counts = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res) => { const r = indexedDB.open('shoebox'); r.onsuccess = () => res(r.result); });
    const keys = (store: string) => new Promise<string[]>((res) => { const q = db.transaction(store).objectStore(store).getAllKeys(); q.onsuccess = () => res(q.result as string[]); });
    const count = (store: string) => new Promise<number>((res) => { const q = db.transaction(store).objectStore(store).count(); q.onsuccess = () => res(q.result); });
    // Stand-ins (`pending:<file>`, shown while the models load) belong to files still queued.
    const real = (ids: string[]) => ids.filter((id) => !id.startsWith('pending:')).length;
    const [photos, thumbs, previews] = await Promise.all([keys('photos'), keys('thumbs'), keys('previews')]);
    return { photos: real(photos), standIns: photos.length - real(photos), thumbs: real(thumbs), previews: real(previews), jobs: await count('jobs'), files: await count('files') };
  });
  // Every stored photo has its tile and preview; everything else is still queued.
  expect(counts.thumbs).toBe(counts.photos);
  expect(counts.previews).toBe(counts.photos);
  expect(counts.photos).toBeGreaterThan(0);
  expect(counts.photos + counts.jobs).toBe(12);
  expect(counts.standIns).toBeLessThanOrEqual(counts.jobs);
  expect(counts.files).toBe(12);

  // With room again, resuming finishes the job.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await page.getByRole('button', { name: 'Rescan' }).click();
  await waitForImportDone(page);
  await expect(photoCount(page)).toHaveText(/^12 photos/);
  await context.close();
});

test('two tabs: one indexes, the other shows the same progress and photos', async ({ page, context }) => {
  await page.goto('/');
  await installFolder(page, biggerPhotos(16));
  const other = await context.newPage();
  await other.goto('/');
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await expect(other.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  await waitForImportDone(other);
  await expect(photoCount(other)).toHaveText(/^16 photos/);
  // No lock stays held: the places and the folder catalogue take theirs briefly after an import.
  await expect.poll(() => other.evaluate(async () => (await navigator.locks.query()).held?.map((l) => l.name) ?? []), { timeout: 15_000 }).toEqual([]);
});

test('a folder whose permission lapsed shows Reconnect; the click asks again and nothing is lost meanwhile', async ({ page }) => {
  await page.goto('/');
  await installFolder(page, fixtureLibrary().filter((f) => f.path.startsWith('orientation/')));
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);

  // After a restart, Chromium puts a granted folder back to "prompt" until the user acts.
  await page.addInitScript(() => {
    let granted = false;
    const proto = FileSystemHandle.prototype as unknown as Record<string, unknown>;
    proto.queryPermission = async () => (granted ? 'granted' : 'prompt');
    proto.requestPermission = async () => {
      if (!navigator.userActivation.isActive) throw new DOMException('needs a user gesture', 'SecurityError');
      granted = true;
      return 'granted';
    };
  });
  await page.reload();
  await expect(photoCount(page)).toHaveText(/^8 photos/);
  const folders = page.getByRole('list', { name: 'Folders' });
  await expect(folders).toContainText('Originals unavailable');
  await page.getByRole('button', { name: 'orientation-1.jpg' }).click();
  await expect(page.getByRole('dialog').getByRole('status')).toHaveText('Preview');
  await page.keyboard.press('Escape');

  await folders.getByRole('button', { name: 'Reconnect Photos' }).click();
  await expect(folders).not.toContainText('Originals unavailable');
  await page.getByRole('button', { name: 'orientation-1.jpg' }).click();
  await expect(page.getByRole('dialog').getByRole('status')).toHaveText('Original');
});

test('a folder the browser refuses gets an explanation and a way forward, not an error code', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => {
    (window as unknown as { showDirectoryPicker: () => Promise<never> }).showDirectoryPicker = async () => {
      throw new DOMException('Refused: this directory contains system files', 'SecurityError');
    };
  });
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText(/system files.*Choose a subfolder/);
  // A cancelled picker is a choice, not an error.
  await page.evaluate(() => {
    (window as unknown as { showDirectoryPicker: () => Promise<never> }).showDirectoryPicker = async () => {
      throw new DOMException('The user aborted a request.', 'AbortError');
    };
  });
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await expect(page.getByRole('alert')).toBeHidden();
});
