import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { checkboxFramesOnReload, installFolder, photoCount, searchFor, waitForImportDone } from './helpers';
import { makeJpeg, scenePainter } from '../fixtures/photos.mjs';
import { readXmp } from '../../src/imaging/xmp/xmp-read';
import type { Locator, Page } from '@playwright/test';

/**
 * XMP sidecars, as a person with a digiKam and a Lightroom folder meets them: read on import,
 * and written (when turned on) for the photos changed in Shoebox, merged into what is there.
 */
const sidecar = (name: string) => readFileSync(new URL(`../fixtures/sidecars/${name}`, import.meta.url));
const jpeg = (seed: number) => makeJpeg({ width: 160, height: 120, paint: scenePainter(160, 120, seed), exif: { taken: `2018:0${seed}:01 12:00:00` } });
const files = [
  { path: 'Trip/IMG_0001.jpg', data: jpeg(1) },
  { path: 'Trip/IMG_0001.jpg.xmp', data: sidecar('digikam.jpg.xmp') },
  { path: 'Trip/DSC_0002.jpg', data: jpeg(2) },
  { path: 'Trip/DSC_0002.xmp', data: sidecar('lightroom.xmp') },
  { path: 'Trip/IMG_0003.jpg', data: jpeg(3) },
];

/** The viewer's details, label → value. */
async function details(viewer: Locator): Promise<Record<string, string>> {
  const [terms, values] = await Promise.all([viewer.locator('dt').allInnerTexts(), viewer.locator('dd').allInnerTexts()]);
  return Object.fromEntries(terms.map((t, i) => [t, values[i] ?? '']));
}

/** A file of the granted OPFS folder, as bytes (undefined when it is not there). */
const opfsFile = (page: Page, path: string) => page.evaluate(async (path) => {
  let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('Photos');
  const parts = path.split('/');
  try {
    for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
    return Array.from(new Uint8Array(await (await (await dir.getFileHandle(parts[parts.length - 1] as string)).getFile()).arrayBuffer()));
  } catch {
    return undefined;
  }
}, path);
const opfsText = async (page: Page, path: string) => {
  const bytes = await opfsFile(page, path);
  return bytes && Buffer.from(bytes).toString('utf8');
};

test('digiKam and Lightroom sidecars show; with writing on, a rating lands in a merged sidecar, never in the photo', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1600 });
  await page.goto('/');
  await installFolder(page, files);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  // Three photos; the sidecars are theirs, not files of their own, and not problems.
  await expect(photoCount(page)).toHaveText(/^3 photos/);
  await expect(page.getByText(/^Problems \(/)).toHaveCount(0);

  const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  await page.getByRole('button', { name: 'IMG_0001.jpg' }).click();
  await expect(viewer.getByRole('button', { name: '4 stars' })).toHaveAttribute('aria-pressed', 'true');
  await expect(viewer.getByRole('button', { name: '5 stars' })).toHaveAttribute('aria-pressed', 'false');
  expect(await details(viewer)).toMatchObject({
    Title: 'Tram 28 & the castle', Description: 'Riding up to São Jorge', Keywords: 'Lisbon, Ann Lee, Tram', 'Named in the file': 'Ann Lee',
    Location: '38.71000, -9.14000',
  });
  await expect(viewer.getByRole('region', { name: 'Labels' }).getByRole('link', { name: 'lisbon' })).toBeVisible();
  await viewer.getByRole('button', { name: 'Close viewer' }).click();

  await page.getByRole('button', { name: 'DSC_0002.jpg' }).click();
  await expect(viewer.getByRole('button', { name: '5 stars' })).toHaveAttribute('aria-pressed', 'true');
  expect(await details(viewer)).toMatchObject({ Title: 'Harbour at dusk', Keywords: 'boats, Porto' });
  await viewer.getByRole('button', { name: 'Close viewer' }).click();
  expect(await searchFor(page, 'rating:5')).toEqual(['DSC_0002.jpg']);
  expect(await searchFor(page, 'castle')).toEqual(['IMG_0001.jpg']);
  await page.getByRole('combobox', { name: 'Search' }).fill('');

  // Chromium's createWritable is atomic: until close() the file reads as it was; after, wholly new.
  expect(await page.evaluate(async () => {
    const handle = await (await navigator.storage.getDirectory()).getFileHandle('atomic-check.txt', { create: true });
    const first = await handle.createWritable();
    await first.write('old');
    await first.close();
    const second = await handle.createWritable();
    await second.write('new and longer');
    const during = await (await handle.getFile()).text();
    await second.close();
    return [during, await (await handle.getFile()).text()];
  })).toEqual(['old', 'new and longer']);

  // Writing is off at first: turn it on in Settings.
  await page.getByRole('link', { name: 'Settings' }).click();
  const write = page.getByRole('checkbox', { name: 'Write sidecars for the photos I change' });
  await expect(write).not.toBeChecked();
  await expect(page.getByRole('button', { name: 'Write sidecars now' })).toBeDisabled();
  await write.check();
  await expect(page.getByRole('button', { name: 'Write sidecars now' })).toBeEnabled();
  await page.getByRole('link', { name: 'Library' }).click();

  // Rate a photo without a sidecar, and one with digiKam's.
  await page.getByRole('button', { name: 'IMG_0003.jpg' }).click();
  await viewer.getByRole('button', { name: '3 stars' }).click();
  await viewer.getByRole('button', { name: 'Close viewer' }).click();
  await page.getByRole('button', { name: 'IMG_0001.jpg' }).click();
  await viewer.getByRole('button', { name: '2 stars' }).click();
  await expect(viewer.getByRole('button', { name: '3 stars' })).toHaveAttribute('aria-pressed', 'false');

  await expect.poll(async () => readXmp((await opfsText(page, 'Trip/IMG_0003.jpg.xmp')) ?? '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>').rating, { timeout: 10_000 }).toBe(3);
  await expect.poll(async () => readXmp((await opfsText(page, 'Trip/IMG_0001.jpg.xmp')) ?? '').rating, { timeout: 10_000 }).toBe(2);
  const merged = (await opfsText(page, 'Trip/IMG_0001.jpg.xmp')) ?? '';
  expect(readXmp(merged)).toMatchObject({ title: 'Tram 28 & the castle', keywords: ['Lisbon', 'Ann Lee', 'Tram'] });
  for (const kept of ['digiKam:ColorLabel="3"', '<acdsee:notes>kept by digiKam for ACDSee</acdsee:notes>']) expect(merged).toContain(kept);
  // The photos themselves are as they were, byte for byte; Lightroom's sidecar, not rated here, too.
  expect(Buffer.from((await opfsFile(page, 'Trip/IMG_0001.jpg')) ?? [])).toEqual(files[0]?.data);
  expect(Buffer.from((await opfsFile(page, 'Trip/IMG_0003.jpg')) ?? [])).toEqual(files[4]?.data);
  expect(Buffer.from((await opfsFile(page, 'Trip/DSC_0002.xmp')) ?? [])).toEqual(files[3]?.data);

  // Settings, reloaded: the box is never shown clear before the stored "on" is read (a click
  // meant to turn writing off then turned it on).
  await viewer.getByRole('button', { name: 'Close viewer' }).click();
  await page.getByRole('link', { name: 'Settings' }).click();
  expect(new Set(await checkboxFramesOnReload(page, 'Write sidecars for the photos I change'))).toEqual(new Set(['ticked']));
  await expect(page.getByRole('group', { name: 'Where sidecars go' })).toBeEnabled();
});
