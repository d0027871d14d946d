import { readFileSync } from 'node:fs';
import { SIMILAR } from '../../models/manifest';
import { expect, test } from './fixtures';
import { importFolder, tileNames } from './helpers';

/**
 * Real photos (tests/fixtures/duplicates and bursts, made from photographs npm packages ship): a
 * night view of Paris, a copy of it recompressed, the scene panned and zoomed, two frames of a
 * burst of it; a mountain and its pan; and photos of other things (a car, a book, a dog).
 */
const at = (dir: string, name: string, folder = 'Photos') => ({ path: `${folder}/${name}`, data: readFileSync(new URL(`../fixtures/${dir}/${name}`, import.meta.url)) });
const modules = (path: string) => ({ path: `Other/${path.split('/').pop()}`, data: readFileSync(new URL(`../../node_modules/${path}`, import.meta.url)) });
const PARIS = ['paris-q60.jpg', 'paris-pan.jpg', 'paris-zoom.jpg', 'frame-1.jpg', 'frame-3.jpg'];
const files = [
  ...['paris-original.jpg', 'paris-q60.jpg', 'paris-pan.jpg', 'paris-zoom.jpg', 'mountain-original.jpg', 'mountain-pan.jpg'].map((n) => at('duplicates', n)),
  ...['frame-1.jpg', 'frame-3.jpg'].map((n) => at('bursts', n)),
  modules('exif/test/test1.jpg'), modules('exif-js/example/Bush-dog.jpg'), modules('tracking/examples/assets/book1.png'),
];

test('More like this ranks the copy and the same scene first; similar: finds them in search', async ({ page }) => {
  test.setTimeout(180_000);
  await importFolder(page, files, 11);

  await page.getByRole('button', { name: 'paris-original.jpg', exact: true }).click();
  const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  await viewer.getByRole('button', { name: 'More like this' }).click();
  const like = viewer.getByRole('region', { name: 'More like this' });
  const ranked = like.getByRole('listitem').getByRole('button');
  await expect(ranked).toHaveCount(10);
  const names = await ranked.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''));
  // The recompressed copy first, then the same scene (panned, zoomed, the burst's frames) before anything else.
  expect(names[0]).toBe('paris-q60.jpg');
  expect(names.slice(0, 5).sort()).toEqual([...PARIS].sort());
  await page.screenshot({ path: 'test-results/more-like-this.png' });

  // A photo of the list opens in the viewer.
  await ranked.first().click();
  await expect(viewer.getByRole('img', { name: 'paris-q60.jpg' }).first()).toBeVisible();

  // The list stays open and follows the photo shown. In search: the photos like it, itself left
  // out; no request leaves the page (fixtures.ts checks).
  await expect(ranked).toHaveCount(10);
  expect(await ranked.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')))).toContain('paris-original.jpg');
  await like.getByRole('link', { name: 'All like it in search' }).click();
  await expect(page).toHaveURL(/q=similar%3A[0-9a-f]{12}/);
  if (await viewer.isVisible()) await viewer.getByRole('button', { name: 'Close viewer' }).click();
  await expect.poll(async () => (await tileNames(page, 'Results')).length).toBe(10);
  expect(await tileNames(page, 'Results')).not.toContain('paris-q60.jpg');
});

test('photos indexed before vectors were made are analysed from their thumbnails on request', async ({ page }) => {
  test.setTimeout(180_000);
  await importFolder(page, files.slice(0, 4), 4);
  /** As a catalogue from before schema v17 left them: photos without vectors; `damaged` put in their place. */
  const replaceVectors = (damaged: boolean) => page.evaluate(({ damaged, ver }) => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('shoebox');
    open.onsuccess = () => {
      const tx = open.result.transaction('embeddings', 'readwrite');
      tx.objectStore('embeddings').clear();
      if (damaged) tx.objectStore('embeddings').put({ id: '0'.repeat(64), v: new Int8Array(3), s: 1, ver });
      tx.oncomplete = () => (open.result.close(), resolve());
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  }), { damaged, ver: SIMILAR.version });
  await replaceVectors(true);
  await page.reload();
  await page.getByRole('button', { name: 'paris-original.jpg', exact: true }).click();
  const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  await viewer.getByRole('button', { name: 'More like this' }).click();
  const like = viewer.getByRole('region', { name: 'More like this' });
  // A damaged vector is said, and once it is gone, trying again reads the vectors afresh.
  await expect(like.getByRole('alert')).toContainText('Photos could not be compared: Stored vectors of 3 dimensions');
  await replaceVectors(false);
  await like.getByRole('button', { name: 'Try again' }).click();
  await expect(like).toContainText('Nothing to compare yet');
  await like.getByRole('button', { name: 'Analyse older photos' }).click();
  const ranked = like.getByRole('listitem').getByRole('button');
  await expect(ranked).toHaveCount(3, { timeout: 60_000 });
  expect(await ranked.first().getAttribute('aria-label')).toBe('paris-q60.jpg');
  await expect(like.getByRole('progressbar')).toHaveCount(0);
});
