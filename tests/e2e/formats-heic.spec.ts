import { readFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { importFolder, pixelsAt, searchFor } from './helpers';

/**
 * Phone-shaped HEIC and AVIF files made by tests/fixtures/make-heic.mjs from real photographs. The
 * AVIF sits in a folder of its own: with rotated.heic beside it, the two would be one stack.
 */
const FILES = ['grid.heic', 'rotated.heic', 'gps.heic', 'rotated.avif', 'plain.heic', 'mirrored.heic', 'turned-mirrored.heic'].map((name) => ({
  path: `${name.endsWith('.avif') ? 'Pixel' : 'Camera Roll'}/${name}`,
  data: readFileSync(`tests/fixtures/heic/${name}`),
}));

/** An <img>'s own size, and whether its pixels are red near the middle of each edge. */
async function edges(img: Locator) {
  const { width, height, rgb } = await pixelsAt(img, [[0.5, 0.03], [0.5, 0.97], [0.03, 0.5], [0.97, 0.5]]);
  const [top, bottom, left, right] = rgb.map(([r, g, b]) => r! > 170 && g! < 90 && b! < 90);
  return { width, height, top, bottom, left, right };
}

test('HEIC and AVIF from a phone: grid, irot, imir, EXIF and GPS with its place, tiles upright, the viewer decodes full resolution on request and on zoom; the place on the map', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 1600 }); // seven months of tiles on one screen
  await importFolder(page, FILES, 7);
  await expect(page.getByText(/^Problems \(/)).toHaveCount(0);

  // Dates from each file's EXIF item (plain.heic is heif-enc's own, with iloc base offsets).
  for (const month of ['May 2024', 'June 2023', 'March 2022', 'August 2021', 'February 2020', 'October 2019', 'July 2018']) {
    await expect(page.getByRole('heading', { name: month })).toBeVisible();
  }

  // Tiles: the grid whole (900×641 from 256 px tiles), rotated pictures upright by irot alone
  // (rotated.heic also says Orientation 6 in its EXIF, which must not turn it again): the red
  // band is on top.
  const tile = (name: string) => page.getByRole('list', { name: 'Photos' }).getByRole('img', { name, exact: true });
  expect(await edges(tile('grid.heic'))).toMatchObject({ width: 512, height: 365 });
  expect(await edges(tile('gps.heic'))).toMatchObject({ width: 512, height: 360 });
  expect(await edges(tile('rotated.heic'))).toEqual({ width: 320, height: 480, top: true, bottom: false, left: false, right: false });
  expect(await edges(tile('rotated.avif'))).toEqual({ width: 480, height: 320, top: true, bottom: false, left: false, right: false });
  // Red bands on top and on the left tell all eight orientations apart: imir alone (left and
  // right swapped), and irot then imir (their EXIF Orientation 2 and 5 never applied again).
  const upright = { width: 320, height: 480, top: true, bottom: false, left: true, right: false };
  expect(await edges(tile('mirrored.heic'))).toEqual(upright);
  expect(await edges(tile('turned-mirrored.heic'))).toEqual(upright);

  // Its GPS is named from the bundled gazetteer in the search worker, shortly after indexing:
  // found by its country as a plain word (its title says Lisbon, not Portugal) and by place:.
  await page.getByRole('combobox', { name: 'Search' }).fill('portugal');
  await expect(page.getByRole('list', { name: 'Results' }).getByRole('img', { name: 'gps.heic' })).toBeVisible();
  expect(await searchFor(page, 'place:lisbon')).toEqual(['gps.heic']);
  expect(await searchFor(page, 'country:pt')).toEqual(['gps.heic']);
  await page.getByRole('combobox', { name: 'Search' }).fill('');

  // The viewer: date, place, camera and XMP title of an iPhone HEIC; its depth map ignored.
  await page.getByRole('button', { name: 'gps.heic' }).click();
  const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  const info = viewer.getByRole('complementary', { name: 'Photo information' });
  await expect(info).toContainText('Tram in Lisbon');
  await expect(info).toContainText(/May 4, 2024.*12:34.*\(UTC\+01:00\)/);
  await expect(info).toContainText('Apple iPhone 13');
  await expect(info).toContainText('38.72230, -9.13930');
  await expect(info).toContainText('PlaceLisbon, Portugal');
  await expect(info).toContainText('640 × 450');
  // Chromium cannot show a HEIC original: the preview stays, full resolution on request.
  await expect(viewer.getByRole('status')).toHaveText('Preview');
  await expect(viewer.getByRole('img', { name: 'gps.heic' })).toBeVisible();

  await page.keyboard.press('ArrowRight'); // older: grid.heic (June 2023)
  await expect(viewer.getByRole('img', { name: 'grid.heic' })).toBeVisible();
  await expect(info).toContainText('900 × 641');
  await viewer.getByRole('button', { name: 'Full resolution' }).click();
  await expect(viewer.getByRole('status')).toHaveText('Full resolution');
  expect(await edges(viewer.getByRole('img', { name: 'grid.heic' }))).toMatchObject({ width: 900, height: 641 });

  await page.keyboard.press('ArrowRight'); // rotated.heic (March 2022)
  await expect(viewer.getByRole('img', { name: 'rotated.heic' })).toBeVisible();
  await expect(info).toContainText('320 × 480');
  await expect(viewer.getByRole('status')).toHaveText('Preview');
  const full = viewer.getByRole('button', { name: 'Full resolution' });
  await full.focus();
  await page.keyboard.press('Enter');
  await expect(viewer.getByRole('status')).toHaveText('Full resolution');
  expect(await edges(viewer.getByRole('img', { name: 'rotated.heic' }))).toEqual({ width: 320, height: 480, top: true, bottom: false, left: false, right: false });
  await expect(full).toBeHidden();

  // An AVIF original the browser shows itself.
  await page.keyboard.press('ArrowRight');
  await expect(viewer.getByRole('img', { name: 'rotated.avif' })).toBeVisible();
  await expect(viewer.getByRole('status')).toHaveText('Original');
  await expect(viewer.getByRole('button', { name: 'Full resolution' })).toHaveCount(0);
  expect(await edges(viewer.getByRole('img', { name: 'rotated.avif' }))).toEqual({ width: 480, height: 320, top: true, bottom: false, left: false, right: false });

  // Zooming past the preview's pixels decodes full resolution: + (the key), then a double click.
  // The picture keeps its zoomed size on screen while the sharper copy replaces the preview.
  await page.keyboard.press('ArrowRight'); // plain.heic
  await page.keyboard.press('ArrowRight'); // mirrored.heic (October 2019)
  const mirrored = viewer.getByRole('img', { name: 'mirrored.heic', exact: true });
  await expect(mirrored).toBeVisible();
  await expect(viewer.getByRole('status')).toHaveText('Preview');
  const fitted = (await mirrored.boundingBox())!.width;
  await page.keyboard.press('+');
  await expect(viewer.getByRole('status')).toHaveText('Full resolution');
  await expect(viewer.getByLabel('Zoom', { exact: true })).toHaveText('150 %');
  expect((await mirrored.boundingBox())!.width).toBeCloseTo(fitted * 1.5, 0);
  expect(await edges(mirrored)).toEqual(upright);
  await viewer.getByRole('button', { name: 'Zoom out' }).click();
  await expect(viewer.getByLabel('Zoom', { exact: true })).toHaveText('100 %');

  await page.keyboard.press('ArrowRight'); // turned-mirrored.heic (July 2018)
  const turned = viewer.getByRole('img', { name: 'turned-mirrored.heic' });
  await expect(turned).toBeVisible();
  await expect(viewer.getByRole('status')).toHaveText('Preview');
  await turned.dblclick();
  await expect(viewer.getByRole('status')).toHaveText('Full resolution');
  await expect(viewer.getByLabel('Zoom', { exact: true })).toHaveText('200 %');
  expect(await edges(turned)).toEqual(upright);

  await page.keyboard.press('Escape');

  // Places: the one located photo on a map drawn from the bundled world map (no request leaves
  // the app: the fixture fails the test otherwise), a cluster of one that opens in the grid.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Places' }).click();
  await expect(page.getByRole('status', { name: 'Located photos' })).toHaveText('1 photo with a place');
  const cluster = page.getByRole('region', { name: 'Map' }).getByRole('button', { name: '1 photo' });
  await expect(cluster).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: 'test-results/screenshots/places.png' });
  await cluster.click();
  await expect(page.getByRole('list', { name: 'Results' }).getByRole('img', { name: 'gps.heic' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Results' }).getByRole('img')).toHaveCount(1);
});
