import { expect, test } from './fixtures';
import { makeJpeg, scenePainter } from '../fixtures/photos.mjs';
import { fixtureLibrary } from './fixture-library';
import { installFolder, photoCount, removeFromFolder, tileNames, waitForImportDone } from './helpers';

test('the demo library loads from the app itself and the viewer browses it by keyboard', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await waitForImportDone(page);
  await expect(photoCount(page)).toHaveText(/^12 photos/);
  await expect(page.getByRole('heading', { name: 'August 2024' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/grid.png' });

  // Newest first: long-evening, calanques, harbour (August 2024).
  await page.getByRole('button', { name: 'harbour.jpg' }).click();
  const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  await expect(viewer.getByRole('img', { name: 'harbour.jpg' })).toBeVisible();
  const info = viewer.getByRole('complementary', { name: 'Photo information' });
  await expect(info).toContainText('Apple iPhone 13');
  await expect(info).toContainText('43.29650, 5.36980');
  await expect(info).toContainText('2024/marseille/harbour.jpg');
  // The demo's files are in memory this session: the original replaces the preview.
  await expect(viewer.getByRole('status')).toHaveText('Original');
  await page.screenshot({ path: 'test-results/screenshots/viewer.png' });

  await page.keyboard.press('ArrowRight');
  await expect(viewer.getByRole('img', { name: 'spring-river.jpg' })).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(viewer.getByRole('img', { name: 'calanques.jpg' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // Keyboard in the grid: arrows move focus, Enter opens.
  await page.getByRole('button', { name: 'calanques.jpg' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('button', { name: 'harbour.jpg' })).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('button', { name: 'long-evening.jpg' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(viewer.getByRole('img', { name: 'long-evening.jpg' })).toBeVisible();
});

test('after a reload the library is there at once; a rescan indexes only what changed', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 2400 });
  await page.goto('/');
  const files = fixtureLibrary().filter((f) => f.path.startsWith('orientation/') || f.path.startsWith('2021/'));
  await installFolder(page, files);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  await expect(photoCount(page)).toHaveText(/^9 photos/);

  await page.reload();
  // No permission is needed to show the catalogue and thumbnails.
  await expect(photoCount(page)).toHaveText(/^9 photos/);
  await expect(page.getByRole('img', { name: 'beach.jpg' })).toBeVisible();

  // Add one photo, remove another, move a third: rescan.
  await installFolder(page, [{ path: '2022/new-one.jpg', data: makeJpeg({ width: 120, height: 90, paint: scenePainter(120, 90, 42), exif: { taken: '2022:02:02 10:00:00' } }) }]);
  await removeFromFolder(page, 'orientation/orientation-3.jpg');
  const moved = files.find((f) => f.path === 'orientation/orientation-4.jpg')!;
  await removeFromFolder(page, moved.path);
  await installFolder(page, [{ path: 'moved/orientation-4.jpg', data: moved.data }]);
  await page.getByRole('button', { name: 'Rescan' }).click();
  await waitForImportDone(page);
  // Two files queued (the new one and the moved one), nothing else decoded again.
  await expect(page.getByRole('status').filter({ hasText: /All done/ })).toContainText('Found 2, done 2, failed 0');
  await expect(photoCount(page)).toHaveText(/^10 photos, 1 missing/);
  const names = await tileNames(page);
  expect(names[0]).toBe('new-one.jpg');
  // The removed photo keeps its data until the user removes it; the moved one kept its photo.
  expect(names).toContain('orientation-3.jpg');
  expect(names.filter((n) => n === 'orientation-4.jpg')).toHaveLength(1);
  await page.getByText(/^Problems \(/).click();
  await expect(page.getByRole('table', { name: 'Problems' }).getByRole('row').filter({ hasText: 'orientation/orientation-3.jpg' }))
    .toContainText(/Missing.*No longer in the folder/);
});
