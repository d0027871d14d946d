import { makeJpeg, scenePainter } from '../fixtures/photos.mjs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { importFolder, recordedFrames, recordFrames } from './helpers';
import { openSyntheticLibrary } from './synthetic';

/** Photos of every shape, as shown: width over height (a camera held upright writes orientation 6). */
const SHAPES: { name: string; width: number; height: number; orientation?: number; shown: number }[] = [
  { name: 'landscape.jpg', width: 240, height: 160, shown: 3 / 2 },
  { name: 'portrait.jpg', width: 150, height: 200, shown: 3 / 4 },
  { name: 'upright-camera.jpg', width: 150, height: 200, orientation: 6, shown: 3 / 4 }, // (makeJpeg's size is the shown one)
  { name: 'panorama.jpg', width: 480, height: 160, shown: 3 },
  { name: 'square.jpg', width: 160, height: 160, shown: 1 },
  { name: 'tall.jpg', width: 120, height: 240, shown: 1 / 2 },
  { name: 'wide-2.jpg', width: 320, height: 180, shown: 16 / 9 },
  { name: 'portrait-2.jpg', width: 180, height: 240, shown: 3 / 4 },
  { name: 'landscape-2.jpg', width: 200, height: 150, shown: 4 / 3 },
  { name: 'portrait-3.jpg', width: 150, height: 200, shown: 3 / 4 },
];
// One a day in June 2023, in this order newest first; then a month of older photos below them.
const FILES = [
  ...SHAPES.map((s, i) => ({
    path: s.name,
    data: makeJpeg({ width: s.width, height: s.height, orientation: s.orientation ?? 1, paint: scenePainter(s.width, s.height, i + 1), exif: { taken: `2023:06:${String(20 - i).padStart(2, '0')} 12:00:00` } }),
  })),
  ...Array.from({ length: 6 }, (_, i) => ({ path: `may/may-${i + 1}.jpg`, data: makeJpeg({ width: i % 2 ? 150 : 200, height: i % 2 ? 200 : 150, paint: scenePainter(150, 150, 20 + i), exif: { taken: `2023:05:${String(20 - i).padStart(2, '0')} 12:00:00` } }) })),
];

/** A tile's shape on screen: its button's box (the tile less its 2 px padding), 0 while it is not laid out. */
const shapeOf = async (tile: Locator) => {
  const box = await tile.boundingBox();
  return box ? box.width / box.height : 0;
};
const tile = (page: Page, name: string) => page.getByRole('list', { name: 'Photos' }).getByRole('button', { name, exact: true });

/** Turn photo `name` a quarter in another tab of the same browser, then wait until this page's grid shows it `shown` wide over high. */
async function turnInAnotherTab(page: Page, name: string, turn: 'Rotate left' | 'Rotate right', shown: number) {
  const other = await page.context().newPage();
  await other.goto('/');
  await tile(other, name).click();
  await other.getByRole('dialog', { name: 'Photo viewer' }).getByRole('button', { name: turn }).click();
  await other.keyboard.press('Escape');
  await expect.poll(() => shapeOf(tile(other, name))).toBeCloseTo(shown, 1);
  await other.close();
  await page.bringToFront();
  await expect.poll(() => shapeOf(tile(page, name)), { timeout: 10_000 }).toBeCloseTo(shown, 1);
}

test('justified rows keep each photo\'s aspect ratio, follow a rotation, keep keyboard and selection working, and are remembered', async ({ page }) => {
  await importFolder(page, FILES, 16);
  const grid = page.getByRole('list', { name: 'Photos' });
  for (const { name } of SHAPES) await expect(grid.getByRole('img', { name })).toBeVisible();

  // Square tiles first (the default): every tile is square whatever the photo's shape.
  await expect(page.getByRole('radio', { name: 'Square tiles' })).toBeChecked();
  for (const name of ['portrait.jpg', 'panorama.jpg']) await expect.poll(() => shapeOf(tile(page, name))).toBeCloseTo(1, 1);

  await page.getByRole('radio', { name: 'Justified rows' }).check();
  await expect(page.getByRole('radio', { name: 'Justified rows' })).toBeChecked();
  for (const { name, shown } of SHAPES) {
    await expect.poll(() => shapeOf(tile(page, name)), { message: name }).toBeGreaterThan(shown * 0.95);
    expect(await shapeOf(tile(page, name)), name).toBeLessThan(shown * 1.05);
  }
  // Rows fill the grid's width; a photo's picture fills its tile without cropping much.
  const img = grid.getByRole('img', { name: 'portrait.jpg' });
  const [imgBox, tileBox] = [(await img.boundingBox())!, (await tile(page, 'portrait.jpg').boundingBox())!];
  expect(Math.abs(imgBox.width - tileBox.width)).toBeLessThan(2);
  expect(Math.abs(imgBox.height - tileBox.height)).toBeLessThan(2);
  await page.screenshot({ path: test.info().outputPath('justified.png') });

  // The viewer shows a portrait photo upright and portrait-shaped.
  await grid.getByRole('button', { name: 'upright-camera.jpg' }).click();
  const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  const picture = viewer.getByRole('img', { name: 'upright-camera.jpg' });
  await expect(picture).toBeVisible();
  await expect.poll(async () => { const b = (await picture.boundingBox())!; return b.width / b.height; }).toBeCloseTo(3 / 4, 1);
  // Turned a quarter in the viewer, the landscape photo's tile turns portrait, its picture filling it.
  await page.keyboard.press('Escape');
  await grid.getByRole('button', { name: 'landscape.jpg' }).click();
  await viewer.getByRole('button', { name: 'Rotate right' }).click();
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect.poll(() => shapeOf(tile(page, 'landscape.jpg'))).toBeCloseTo(2 / 3, 1);
  // The grid draws the turn in more than one step (the month's shapes and its tiles are read again
  // after the change): measured once the picture is there and fills its tile.
  const landscape = grid.getByRole('img', { name: 'landscape.jpg' });
  await expect(landscape).toBeVisible();
  await expect.poll(async () => {
    const [turned, turnedTile] = await Promise.all([landscape.boundingBox(), tile(page, 'landscape.jpg').boundingBox()]);
    return turned && turnedTile ? Math.max(Math.abs(turned.width - turnedTile.width), Math.abs(turned.height - turnedTile.height)) : Infinity;
  }).toBeLessThan(2);
  // The rows come to rest before the keyboard walks them (a step taken while they reflowed went by
  // the rows as they were).
  const portraitAt = async () => JSON.stringify(await grid.getByRole('button', { name: 'portrait.jpg' }).boundingBox());
  await expect.poll(async () => {
    const before = await portraitAt();
    await page.waitForTimeout(300);
    return before === (await portraitAt());
  }).toBe(true);

  // The keyboard: right to the next photo, down to the tile under it in the next row, Enter opens it.
  const focusedName = () => page.evaluate(() => document.activeElement?.querySelector('img')?.getAttribute('alt') ?? document.activeElement?.getAttribute('aria-label'));
  await grid.getByRole('button', { name: 'landscape.jpg' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(grid.getByRole('button', { name: 'portrait.jpg' })).toBeFocused();
  const from = (await grid.getByRole('button', { name: 'portrait.jpg' }).boundingBox())!;
  await page.keyboard.press('ArrowDown');
  await expect.poll(focusedName).not.toBe('portrait.jpg');
  const below = await focusedName();
  const to = (await grid.getByRole('button', { name: below!, exact: true }).boundingBox())!;
  expect(to.y).toBeGreaterThan(from.y + from.height - 1);
  // The tile below is the one under the middle of the tile it came from.
  expect(to.x).toBeLessThanOrEqual(from.x + from.width / 2);
  expect(to.x + to.width).toBeGreaterThanOrEqual(from.x + from.width / 2);
  await page.keyboard.press('ArrowUp');
  await expect(grid.getByRole('button', { name: 'portrait.jpg' })).toBeFocused();
  // A change elsewhere that moves no tile (a rating given in another tab) refreshes the grid and
  // leaves the keyboard's focus where it was: the tiles are not rebuilt.
  const other = await page.context().newPage();
  await other.goto('/');
  await other.getByRole('list', { name: 'Photos' }).getByRole('button', { name: 'square.jpg', exact: true }).click();
  await other.getByRole('dialog', { name: 'Photo viewer' }).getByRole('button', { name: '4 stars' }).click();
  await expect(other.getByRole('dialog', { name: 'Photo viewer' }).getByRole('button', { name: '4 stars' })).toHaveAttribute('aria-pressed', 'true');
  await other.close();
  await page.bringToFront();
  // The grid's live queries deliver at most once a second: two seconds is every one of them.
  await page.waitForTimeout(2_000);
  expect(await page.evaluate(() => document.activeElement?.querySelector('img')?.getAttribute('alt'))).toBe('portrait.jpg');
  // One that moves tiles (a photo turned in another tab): the rows are laid out anew, and the
  // focus goes back to the same place.
  const before = (await grid.getByRole('button', { name: 'landscape-2.jpg' }).boundingBox())!;
  await turnInAnotherTab(page, 'landscape-2.jpg', 'Rotate right', 3 / 4);
  expect((await grid.getByRole('button', { name: 'landscape-2.jpg' }).boundingBox())!.width).toBeLessThan(before.width);
  await expect(grid.getByRole('button', { name: 'portrait.jpg' })).toBeFocused();
  // Focus the person took off the grid is not taken back by the next change.
  await page.getByRole('heading', { name: 'Shoebox' }).click();
  await turnInAnotherTab(page, 'landscape-2.jpg', 'Rotate left', 4 / 3);
  await page.waitForTimeout(1_000);
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  await grid.getByRole('button', { name: 'portrait.jpg' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(grid.getByRole('button', { name: 'portrait.jpg' })).not.toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(grid.getByRole('button', { name: 'portrait.jpg' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(grid.getByRole('button', { name: 'may-6.jpg' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(viewer).toContainText('may-6.jpg');
  await page.keyboard.press('Escape');

  // Selection: a check mark, then Shift+click on another takes the range between, in grid order.
  await grid.getByRole('checkbox', { name: 'Select portrait.jpg' }).click();
  await grid.getByRole('checkbox', { name: 'Select square.jpg' }).click({ modifiers: ['Shift'] });
  const selected = page.getByRole('toolbar', { name: 'Selection' }).getByRole('status');
  await expect(selected).toHaveText('4 selected');
  for (const name of ['upright-camera.jpg', 'panorama.jpg']) await expect(grid.getByRole('checkbox', { name: `Select ${name}` })).toHaveAttribute('aria-checked', 'true');
  await expect(grid.getByRole('checkbox', { name: 'Select tall.jpg' })).toHaveAttribute('aria-checked', 'false');
  // Shift+arrow extends it by keyboard.
  await grid.getByRole('button', { name: 'square.jpg' }).focus();
  await page.keyboard.press('Shift+ArrowRight');
  await expect(selected).toHaveText('5 selected');
  await page.keyboard.press('Escape');

  // Remembered: after a reload the grid is still in justified rows, from its first frame: never
  // laid out in squares before the choice is read (the widest tile of every frame is recorded).
  await recordFrames(page, () => {
    const tiles = [...document.querySelectorAll('[role="list"][aria-label="Photos"] button[data-index]')].map((b) => b.getBoundingClientRect()).filter((r) => r.height > 0);
    return tiles.length ? (Math.max(...tiles.map((r) => r.width / r.height)) > 2 ? 'rows' : 'squares') : undefined;
  }, 30);
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Justified rows' })).toBeChecked();
  expect(new Set(await recordedFrames(page, 30))).toEqual(new Set(['rows']));
  await expect.poll(() => shapeOf(tile(page, 'panorama.jpg'))).toBeCloseTo(3, 1);
  await page.getByRole('radio', { name: 'Square tiles' }).check();
  await expect.poll(() => shapeOf(tile(page, 'panorama.jpg'))).toBeCloseTo(1, 1);
});

test('justified rows: a month not laid out yet is never drawn as its guess; End reaches the oldest photo and holds the focus', async ({ page }) => {
  // 3,000 photos, one an hour back from 2024: about four months, the oldest far below the screen.
  // All made portrait (3:4), so a month's guess (4:3 tiles) is told from its rows in any frame.
  await openSyntheticLibrary(page, 3_000, { portrait: true });
  await page.getByRole('radio', { name: 'Justified rows' }).check();
  const grid = page.getByRole('list', { name: 'Photos' });
  const first = grid.getByRole('button', { name: 'IMG_000000.jpg', exact: true });
  await expect.poll(() => shapeOf(first)).toBeCloseTo(3 / 4, 1);
  await first.focus();
  // Every frame from here on: the widest tile drawn.
  await recordFrames(page, () => Math.max(0, ...[...document.querySelectorAll('[role="list"][aria-label="Photos"] button[data-index]')].map((b) => b.getBoundingClientRect()).filter((r) => r.height > 0).map((r) => r.width / r.height)), 60, { from: 'now' });
  await page.keyboard.press('End');
  await expect(grid.getByRole('button', { name: 'IMG_002999.jpg', exact: true })).toBeFocused();
  const widest = await recordedFrames<number>(page, 60);
  expect(widest.filter((w) => w > 1)).toEqual([]);
  expect(widest.at(-1)).toBeCloseTo(3 / 4, 1);
});
