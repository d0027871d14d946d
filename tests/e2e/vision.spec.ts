import { makeJpeg, makePng, scenePainter, withXmp } from '../fixtures/photos.mjs';
import { expect, test } from './fixtures';
import { faceApiSample, installFolder, labelsOf, machineIdle, recordLongTasks, searchFor, waitForImportDone } from './helpers';

/** Real photographs that ship with @vladmandic/face-api (MIT): groups of people, glasses, a cup. */
const sample = (n: number) => faceApiSample(n, 'people');
const SAMPLES = [1, 2, 3, 4, 5, 6].map(sample);

const search = searchFor;

test('real photographs get the right labels; a label or a category finds exactly those photos', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await installFolder(page, SAMPLES);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  // The NSFW model over-rates these clothed party photos (Porn up to 0.75): none may be hidden.
  await expect(page.getByRole('status', { name: 'Photo count' })).toHaveText('6 photos');

  expect(await search(page, 'wine glass')).toEqual(['sample1.jpg']);
  await expect(page).toHaveURL(/#\/\?q=wine%20glass$/);
  expect(await labelsOf(page, 'sample1.jpg')).toEqual(['group', 'person', 'wine glass']);
  expect(await search(page, 'Cup')).toEqual(['sample3.jpg']);
  expect(await search(page, 'people')).toEqual(SAMPLES.map((s) => s.path.split('/')[1]).sort());
  expect(await search(page, 'tableware')).toEqual(['sample1.jpg', 'sample3.jpg']);
  expect(await search(page, 'giraffe')).toEqual([]);

  await page.getByRole('link', { name: 'Labels' }).click();
  await expect(page.getByRole('region', { name: 'Categories' }).getByRole('link', { name: /people\s*6 photos/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Labels' }).getByRole('link', { name: /person\s*6 photos/ })).toBeVisible();
  await page.getByRole('region', { name: 'Labels' }).getByRole('link', { name: /wine glass/ }).click();
  await expect(page.getByRole('list', { name: 'Results' }).getByRole('img')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/screenshots/search.png' });
});

test('labels the person removes or adds stick when the photo is indexed again', async ({ page }) => {
  await page.goto('/');
  await installFolder(page, [sample(3)]);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  await page.getByRole('button', { name: 'sample3.jpg' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Remove label cup' }).click();
  await dialog.getByRole('textbox', { name: 'Add label' }).fill('Birthday');
  await dialog.getByRole('region', { name: 'Labels' }).getByRole('button', { name: 'Add', exact: true }).click();
  // Three women: "group" too, since the detector also looks at the mirror image (models/LABELS.md).
  await expect(dialog.getByRole('region', { name: 'Labels' }).getByRole('link')).toHaveText(['person', 'group', 'birthday']);
  await page.keyboard.press('Escape');

  // The file is written again (new mtime): a rescan indexes it, the model finds the cup again.
  await installFolder(page, [sample(3)]);
  await page.getByRole('button', { name: 'Rescan' }).click();
  await waitForImportDone(page);
  await expect(page.getByRole('status').filter({ hasText: /All done/ })).toContainText('Found 1, done 1');
  expect(await search(page, 'cup')).toEqual([]);
  expect(await search(page, 'birthday')).toEqual(['sample3.jpg']);
});

test('seventy photos: the tensors in memory do not grow, the UI thread is never blocked over 50 ms, and every vision worker’s times are counted', { tag: '@alone' }, async ({ page }) => {
  test.setTimeout(180_000);
  await recordLongTasks(page);
  // Enough for the indexer to widen the vision pool (a page of 64 jobs): a second worker on two cores.
  const photos = Array.from({ length: 70 }, (_, i) => ({
    path: `many/photo-${i}.jpg`,
    data: makeJpeg({ width: 480, height: 360, paint: scenePainter(480, 360, 500 + i), quality: 85, exif: { taken: `2016:03:${String((i % 28) + 1).padStart(2, '0')} 10:00:00` } }),
  }));
  await page.goto('/');
  await installFolder(page, photos.slice(0, 1));
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  const tensors = async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    const value = Number(await page.getByLabel('Tensors in memory').textContent());
    await page.getByRole('link', { name: 'Library' }).click();
    return value;
  };
  const before = await tensors();
  expect(before).toBeGreaterThan(0);

  await installFolder(page, photos.slice(1));
  // What is measured is this rescan's indexing: what earlier work left running is let finish.
  await machineIdle();
  await page.evaluate(() => ((window as unknown as { longTasks: [number, number][] }).longTasks = []));
  await page.getByRole('button', { name: 'Rescan' }).click();
  // The first import's "All done" may still show when the rescan starts: wait for this one's.
  await expect(page.getByRole('status').filter({ hasText: /All done/ })).toContainText('Found 69, done 69', { timeout: 120_000 });
  await expect(page.getByRole('status', { name: 'Photo count' })).toHaveText(/^70 photos/);
  const longest = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: [number, number][] }).longTasks.map(([, ms]) => ms)));
  expect(await tensors()).toBe(before);
  expect(longest, 'longest main-thread task while 69 photos indexed (ms)').toBeLessThanOrEqual(50);
  // Settings counts the photos every vision worker analysed, the second one's too.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Refresh' }).click();
  const objects = page.getByRole('table', { name: 'Analysis time per photo' }).getByRole('row', { name: /Objects \(CenterNet\)/ });
  await expect(objects.getByRole('cell').last()).toHaveText('70');
  // On wasm, CenterNet's hard swishes run as one SIMD pass each in the built app (src/vision/hard-swish.ts).
  await expect(page.getByRole('region', { name: 'Recognition' }).getByRole('listitem').filter({ hasText: 'hard swishes' })).toHaveText('objects (CenterNet): its 20 hard swishes run as one wasm SIMD pass each');
});

test('colours, black and white, panoramas, screenshots and the file’s own tags are recognised without a model; with no one in them, the face models are never loaded', async ({ page, requestGuard }) => {
  const grey = (w: number, h: number) => (x: number, y: number) => {
    const v = Math.round(40 + (180 * (x + y)) / (w + h));
    return [v, v, v];
  };
  await page.goto('/');
  await installFolder(page, [
    { path: 'bw.jpg', data: makeJpeg({ width: 300, height: 200, paint: grey(300, 200), exif: { taken: '1962:05:01 12:00:00' } }) },
    { path: 'sea.jpg', data: makeJpeg({ width: 300, height: 200, paint: (_x: number, y: number) => (y < 150 ? [30, 70, 200] : [235, 215, 160]) }) },
    { path: 'wide.jpg', data: makeJpeg({ width: 600, height: 200, paint: scenePainter(600, 200, 3), exif: { make: 'Apple', model: 'iPhone 13' } }) },
    { path: 'tagged.jpg', data: withXmp(makeJpeg({ width: 200, height: 150, paint: scenePainter(200, 150, 8) }), { subject: ['Grandma', 'Lake Como'] }) },
    { path: 'Screenshot 2024-02-01.png', data: makePng({ width: 1170, height: 2532, paint: (_x: number, y: number) => (y < 200 ? [250, 250, 250] : [20, 120, 240]) }) },
  ]);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  expect(await search(page, 'monochrome')).toEqual(['bw.jpg']);
  expect(await search(page, 'panorama')).toEqual(['wide.jpg']);
  expect(await search(page, 'screenshot')).toEqual(['Screenshot 2024-02-01.png']);
  // Tags another tool wrote into the file (XMP dc:subject) are labels too.
  expect(await search(page, 'lake como')).toEqual(['tagged.jpg']);
  await page.getByRole('combobox', { name: 'Search' }).fill('');
  await page.getByRole('button', { name: 'sea.jpg' }).click();
  await expect(page.getByRole('complementary', { name: 'Photo information' })).toContainText(/Colours\s*blue/);
  // The detector looked at every photo and saw no person: the face models (12 MB) stayed unread.
  const models = requestGuard.seen.map((r) => r.url).filter((u) => u.includes('/models/'));
  expect(models.some((u) => u.endsWith('/models/centernet.bin'))).toBe(true);
  expect(models.filter((u) => u.includes('/models/face/'))).toEqual([]);
});

test('a private photo leaves the library and search until private photos are shown; the choice survives re-indexing', async ({ page }) => {
  await page.goto('/');
  await installFolder(page, [sample(1), sample(3)]);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  const count = page.getByRole('status', { name: 'Photo count' });
  await expect(count).toHaveText('2 photos');

  await page.getByRole('button', { name: 'sample3.jpg' }).click();
  const privateToggle = page.getByRole('dialog').getByRole('button', { name: 'Private' });
  await expect(privateToggle).toHaveAttribute('aria-pressed', 'false');
  await privateToggle.click();
  await expect(privateToggle).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(count).toHaveText('1 photo, 1 private hidden');
  await expect(page.getByRole('button', { name: 'sample3.jpg' })).toHaveCount(0);
  expect(await search(page, 'cup')).toEqual([]);

  await page.getByRole('checkbox', { name: 'Show private photos' }).check();
  expect(await search(page, 'cup')).toEqual(['sample3.jpg']);
  await page.getByRole('combobox', { name: 'Search' }).fill('');
  await expect(count).toHaveText('2 photos');
  await expect(page.getByRole('button', { name: 'sample3.jpg' })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Show private photos' }).uncheck();

  // Indexed again (the file is rewritten): the person's choice stands.
  await installFolder(page, [sample(3)]);
  await page.getByRole('button', { name: 'Rescan' }).click();
  await waitForImportDone(page);
  await expect(page.getByRole('status').filter({ hasText: /All done/ })).toContainText('Found 1, done 1');
  await expect(count).toHaveText('1 photo, 1 private hidden');
});
