import { expect, test } from './fixtures';
import { openSyntheticLibrary } from './synthetic';

test('a 100,000-photo library: the grid and search results keep a small DOM and reach the oldest photo by keyboard', async ({ page }) => {
  test.setTimeout(120_000);
  await openSyntheticLibrary(page, 100_000);
  await expect(page.getByRole('heading', { name: 'December 2023' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'IMG_000000.jpg' })).toBeVisible();

  const gridNodes = () => page.getByRole('list', { name: 'Photos' }).evaluate((el) => el.querySelectorAll('*').length);
  expect(await gridNodes()).toBeLessThan(1000);

  await page.getByRole('button', { name: 'IMG_000000.jpg' }).focus();
  await page.keyboard.press('End');
  // 100,000 hours back from 2024: early August 2012, the end of the timeline.
  await expect(page.getByRole('img', { name: 'IMG_099999.jpg' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'IMG_099999.jpg' })).toBeFocused();
  expect(await gridNodes()).toBeLessThan(1000);

  // The viewer steps through the timeline by indexed neighbours, not a list of every id.
  await page.keyboard.press('Enter');
  const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  await expect(viewer).toContainText('IMG_099999.jpg');
  await expect(viewer.getByRole('complementary')).toContainText('Google Pixel 7');
  await expect(viewer.getByRole('button', { name: 'Next photo' })).toBeDisabled();
  await page.keyboard.press('ArrowLeft');
  await expect(viewer).toContainText('IMG_099998.jpg');
  await page.keyboard.press('Escape');

  // Search results are virtualised too: a quarter of the library, a small DOM, the last one by keyboard.
  await page.getByRole('combobox', { name: 'Search' }).fill('camera:canon');
  await expect(page.getByRole('status', { name: 'Search results' })).toHaveText('25,000 photos show “camera:canon”');
  const results = page.getByRole('list', { name: 'Results' });
  await expect(results.getByRole('img', { name: 'IMG_000000.jpg' })).toBeVisible();
  expect(await results.evaluate((el) => el.querySelectorAll('*').length)).toBeLessThan(1000);
  await results.getByRole('button', { name: 'IMG_000000.jpg' }).focus();
  await page.keyboard.press('End');
  await expect(results.getByRole('button', { name: 'IMG_099996.jpg' })).toBeFocused();
  expect(await results.evaluate((el) => el.querySelectorAll('*').length)).toBeLessThan(1000);
  await page.keyboard.press('Enter');
  await expect(viewer).toContainText('IMG_099996.jpg');
  await page.keyboard.press('ArrowLeft');
  await expect(viewer).toContainText('IMG_099992.jpg');
});
