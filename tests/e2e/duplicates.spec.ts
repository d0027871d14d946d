import { readFileSync, readdirSync } from 'node:fs';
import { expect, test } from './fixtures';
import { installFolder, photoCount, searchFor, tileNames, waitForImportDone } from './helpers';

/**
 * A real photo with six near duplicates (resized, recompressed, cropped 5 %, brightened, stripped
 * of metadata, re-encoded as HEIC) and two distinct photos of its subject
 * (tests/fixtures/make-duplicates.mjs), and another photo held by two files in two folders. A set
 * without faces, so indexing is quick; the unit tests check all four sets.
 */
const dir = new URL('../fixtures/duplicates/', import.meta.url);
const NEAR = ['original.jpg', 'half.jpg', 'q60.jpg', 'crop.jpg', 'bright.jpg', 'nometa.jpg', 'heic.heic'];
const files = [
  ...readdirSync(dir).filter((n) => n.startsWith('paris-')).map((name) => ({ path: `Variants/${name}`, data: readFileSync(new URL(name, dir)) })),
  ...['Variants', 'Backup'].map((folder) => ({ path: `${folder}/mountain-original.jpg`, data: readFileSync(new URL('mountain-original.jpg', dir)) })),
];

test('Duplicates groups every copy with its original and no distinct photo, lists exact copies; keeping one hides the others until undone', async ({ page }) => {
  await page.goto('/');
  await installFolder(page, files);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  // 11 files, 10 photos: the byte-for-byte copy is the same photo.
  await expect(photoCount(page)).toHaveText(/^10 photos/);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Duplicates' }).click();
  const groups = page.getByRole('region', { name: /^Group \d+ of \d+,/ });
  await expect(groups).toHaveCount(1);
  const names = await groups.getByRole('listitem').evaluateAll((items) => items.map((li) => li.getAttribute('aria-label') ?? ''));
  expect(names.sort()).toEqual(NEAR.map((f) => `paris-${f}`).sort());
  // Each copy shows what tells it apart: resolution, size, date and folder.
  const half = page.getByRole('listitem', { name: 'paris-half.jpg' });
  await expect(half).toContainText('240 × 200');
  await expect(half).toContainText('Variants');
  await expect(page.getByText('Suggested: the largest, then the oldest')).toHaveCount(1);

  // The exact copy: one photo, two files in two folders.
  const copies = page.getByRole('region', { name: 'Copies' });
  await expect(copies.getByRole('listitem', { name: 'mountain-original.jpg' })).toContainText('Backup/mountain-original.jpg');
  await expect(copies.getByRole('listitem', { name: 'mountain-original.jpg' })).toContainText('Variants/mountain-original.jpg');

  // Keep one: the other six leave the timeline and search.
  await page.getByRole('listitem', { name: 'paris-q60.jpg' }).getByRole('button', { name: 'Keep this one' }).click();
  await expect(page.getByRole('status', { name: 'Last kept' })).toContainText('Kept paris-q60.jpg; 6 photos hidden as duplicates.');
  await expect(groups).toHaveCount(0);
  await expect(page.getByText(/^No near duplicates/)).toBeVisible();
  await page.getByRole('link', { name: 'Library' }).click();
  await expect(photoCount(page)).toHaveText(/^4 photos/);
  await expect.poll(async () => (await tileNames(page)).filter((n) => n.startsWith('paris-')).sort()).toEqual(['paris-pan.jpg', 'paris-q60.jpg', 'paris-zoom.jpg']);
  expect(await searchFor(page, 'paris')).toEqual(['paris-pan.jpg', 'paris-q60.jpg', 'paris-zoom.jpg']);

  // One undo, from the keyboard, brings them back.
  await page.getByRole('link', { name: 'Duplicates' }).click();
  await page.getByRole('status', { name: 'Last kept' }).getByRole('button', { name: 'Undo' }).focus();
  await page.keyboard.press('Enter');
  await expect(groups).toHaveCount(1);
  await expect(page.getByRole('status', { name: 'Last kept' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Library' }).click();
  await expect(photoCount(page)).toHaveText(/^10 photos/);
});
