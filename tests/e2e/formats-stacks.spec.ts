import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { installFolder, photoCount, tileNames, waitForImportDone } from './helpers';

/**
 * Files that are one shot, as a person adds them (tests/fixtures/make-stacks.mjs): a RAW + JPEG
 * pair, a burst of two, an Apple Live Photo (JPEG + MOV), one whose still was renamed, an iPhone
 * burst of three (one BurstUUID) and a Google Motion Photo.
 */
const dir = new URL('../fixtures/stacks/', import.meta.url);
const files = readdirSync(dir).map((name) => ({ path: `Phone/${name}`, data: readFileSync(new URL(name, dir)) }));
const COVER = '00000IMG_00000_BURST20240501100000123_COVER.jpg';

test('stacks, Live Photos and Motion Photos are one photo each; the viewer lists, unstacks and plays them', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1600 });
  await page.goto('/');
  await installFolder(page, files);
  // Media events do not bubble: listen on the document while capturing, before anything plays.
  // `play` is a playback started; `playing` comes again after every stall (two browsers side by
  // side stall a clip now and then), so it would count one playback twice.
  await page.evaluate(() => {
    const played: { src: string; muted: boolean }[] = [];
    (window as unknown as { played: typeof played }).played = played;
    document.addEventListener('play', (e) => {
      const video = e.target as HTMLVideoElement;
      played.push({ src: video.src, muted: video.muted });
    }, true);
  });
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);

  // One tile per shot: the JPEG over its RAW, the burst's cover, the Live Photo's still without its
  // MOV (also when the names differ: the ContentIdentifier says), the iPhone burst's first frame.
  await expect(photoCount(page)).toHaveText(/^6 photos/);
  // The grid follows the catalogue a moment after "All done": ask again until it has.
  await expect.poll(async () => (await tileNames(page)).sort()).toEqual([COVER, 'Beach.JPG', 'IMG_0001.JPG', 'IMG_0002.JPG', 'IMG_0005.JPG', 'PXL_0003.MP.jpg']);
  await expect(page.getByRole('button', { name: `${COVER} stack of 2` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'IMG_0005.JPG stack of 3' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Beach.JPG Live Photo' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'IMG_0002.JPG Live Photo' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'PXL_0003.MP.jpg Live Photo' })).toBeVisible();

  // The viewer lists every file of the stack with its type; Unstack makes two tiles.
  await page.getByRole('button', { name: 'IMG_0001.JPG stack of 2' }).click();
  const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  const stack = viewer.getByRole('region', { name: 'Stack' });
  await expect(stack.getByRole('listitem')).toHaveText(['IMG_0001.CR2 CR2 RAW Put on top', 'IMG_0001.JPG JPEG (on top)']);
  await stack.getByRole('button', { name: 'Unstack' }).click();
  await expect(stack.getByRole('button', { name: 'Stack again' })).toBeVisible();
  await viewer.getByRole('button', { name: 'Close viewer' }).click();
  await expect(photoCount(page)).toHaveText(/^7 photos/);
  await expect.poll(() => tileNames(page)).toContain('IMG_0001.CR2');

  // It stays unstacked after a rescan.
  await page.getByRole('button', { name: 'Rescan' }).click();
  await waitForImportDone(page);
  await expect(photoCount(page)).toHaveText(/^7 photos/);
  await expect.poll(() => tileNames(page)).toContain('IMG_0001.CR2');
  await expect(page.getByRole('button', { name: 'IMG_0001.JPG stack of 2' })).toHaveCount(0);

  // The Live Photo plays its MOV, muted, once; the Motion Photo its own embedded MP4 (key L).
  const playedList = () => page.evaluate(() => (window as unknown as { played: { src: string; muted: boolean }[] }).played);
  const played = async () => (await playedList()).length;
  await page.getByRole('button', { name: 'IMG_0002.JPG Live Photo' }).click();
  await viewer.getByRole('button', { name: 'Play Live Photo' }).click();
  await expect.poll(played, { timeout: 10_000 }).toBe(1);
  // Played once, then the still again.
  await expect(viewer.locator('video')).toHaveCount(0, { timeout: 10_000 });
  await viewer.getByRole('button', { name: 'Close viewer' }).click();
  await page.getByRole('button', { name: 'PXL_0003.MP.jpg Live Photo' }).click();
  await expect(viewer.getByRole('img', { name: 'PXL_0003.MP.jpg' })).toBeVisible();
  // Turned a quarter by the person: its motion plays turned as the still is.
  await viewer.getByRole('button', { name: 'Rotate right' }).click();
  await expect(viewer.getByRole('img', { name: 'PXL_0003.MP.jpg' })).toHaveAttribute('style', /rotate\(90deg\)/);
  await page.keyboard.press('l');
  await expect(viewer.locator('.viewer-motion')).toHaveAttribute('style', /rotate\(90deg\)/);
  await expect.poll(played, { timeout: 10_000 }).toBe(2);
  // Both muted, each from a blob: URL of the file's own bytes (nothing stored, nothing fetched).
  expect((await playedList()).map((p) => [p.src.startsWith('blob:'), p.muted])).toEqual([[true, true], [true, true]]);
});
