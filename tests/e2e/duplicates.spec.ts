import { readFileSync, readdirSync } from 'node:fs';
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import jpeg from 'jpeg-js';
import { importFolder, installFolder, lateSearchesBusyCatalogue, lateSearchesPossible, photoCount, searchFor, tileNames, waitForImportDone } from './helpers';

/** Every file in the granted OPFS folder, by path. */
const folderFiles = (page: Page) => page.evaluate(async () => {
  const out: string[] = [];
  const walk = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
    for await (const [name, handle] of (dir as unknown as AsyncIterable<[string, FileSystemHandle]>)) {
      if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
      else out.push(`${prefix}${name}`);
    }
  };
  await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('Photos'), '');
  return out;
});

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
  await lateSearchesPossible(page);
  await page.goto('/');
  await installFolder(page, files);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  // 11 files, 10 photos: the byte-for-byte copy is the same photo.
  await expect(photoCount(page)).toHaveText(/^10 photos/);

  // Opened on a slow machine beside another tab's import (lateSearchesBusyCatalogue): the view
  // says it is comparing (not that there are no duplicates) until the grouping comes, and shows
  // it when it comes, though the catalogue changed again meanwhile.
  const back = await lateSearchesBusyCatalogue(page, 2000);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Duplicates' }).click();
  await expect(page.getByRole('region', { name: 'Near duplicates' }).getByRole('status')).toHaveText('Comparing photos…');
  const groups = page.getByRole('region', { name: /^Group \d+ of \d+,/ });
  await expect(groups).toHaveCount(1, { timeout: 10_000 });
  await back();
  const names = await groups.getByRole('listitem').evaluateAll((items) => items.map((li) => li.getAttribute('aria-label') ?? ''));
  expect(names.sort()).toEqual(NEAR.map((f) => `paris-${f}`).sort());
  // Each copy shows what tells it apart: resolution, size, date and folder.
  const half = page.getByRole('listitem', { name: 'paris-half.jpg' });
  await expect(half).toContainText('240 × 200');
  await expect(half).toContainText('Variants');
  await expect(page.getByText('Suggested: the largest, then the oldest')).toHaveCount(1);

  // Two of them compared: what differs in their facts, then their difference (dark where they agree) and a swipe.
  const group = groups.first();
  await group.getByRole('button', { name: 'Compare two…' }).click();
  const compare = group.getByRole('region', { name: 'Compare' });
  await compare.getByRole('combobox', { name: 'First' }).selectOption('paris-original.jpg (480 × 400)');
  await compare.getByRole('combobox', { name: 'Second' }).selectOption('paris-half.jpg (240 × 200)');
  await expect(compare.getByRole('row', { name: /^Resolution/ })).toHaveText(/Resolution480 × 400240 × 200/);
  await expect(compare.getByRole('row', { name: /^Folder/ })).toHaveText('FolderPhotos/VariantsPhotos/Variants');
  await expect(compare.getByRole('img', { name: 'paris-half.jpg' })).toBeVisible();
  await compare.getByRole('combobox', { name: 'Second' }).selectOption('paris-q60.jpg (480 × 400)');
  await compare.getByRole('radio', { name: 'Difference' }).check();
  const overlay = compare.getByRole('img', { name: 'Difference of paris-original.jpg and paris-q60.jpg' });
  await expect(overlay).toBeVisible();
  await page.screenshot({ path: 'test-results/duplicates-difference.png', fullPage: true });
  const meanOf = async () => {
    const png = jpeg.decode(await overlay.screenshot({ type: 'jpeg', quality: 95 }), { useTArray: true });
    let sum = 0;
    for (let i = 0; i < png.data.length; i += 4) sum += ((png.data[i] as number) + (png.data[i + 1] as number) + (png.data[i + 2] as number)) / 3;
    return sum / (png.data.length / 4);
  };
  // The photo itself averages 68 of 255; a recompressed copy differs from it by a few levels.
  await expect.poll(meanOf).toBeLessThan(8);
  await compare.getByRole('radio', { name: 'Swipe' }).check();
  await expect(compare.getByRole('img', { name: 'paris-q60.jpg swiped over paris-original.jpg' })).toBeVisible();
  await compare.getByRole('slider', { name: 'Swipe' }).fill('20');
  await expect.poll(async () => (await compare.getByRole('img', { name: /swiped over/ }).screenshot()).length).toBeGreaterThan(0);
  expect(await compare.getByRole('img', { name: /swiped over/ }).evaluate((f) => getComputedStyle(f.querySelectorAll('img')[1] as Element).clipPath)).toBe('inset(0px 0px 0px 20%)');
  // The catalogue changes meanwhile (another tab's edit): the groups are asked for again, and the
  // comparison stays open as it was.
  const asked = () => page.evaluate(() => (window as unknown as { searchLastAskedAt: number }).searchLastAskedAt);
  const before = await asked();
  const quiet = await lateSearchesBusyCatalogue(page, 0);
  await expect.poll(asked).toBeGreaterThan(before);
  await quiet();
  await expect(compare.getByRole('radio', { name: 'Swipe' })).toBeChecked();
  await expect(compare.getByRole('combobox', { name: 'Second' }).locator('option:checked')).toHaveText('paris-q60.jpg (480 × 400)');
  await expect(compare.getByRole('slider', { name: 'Swipe' })).toHaveValue('20');
  await group.getByRole('button', { name: 'Close the comparison' }).click();
  await expect(compare).toHaveCount(0);

  // The exact copy: one photo, two files in two folders.
  const copies = page.getByRole('region', { name: 'Copies' });
  await expect(copies.getByRole('listitem', { name: 'mountain-original.jpg' })).toContainText('Backup/mountain-original.jpg');
  await expect(copies.getByRole('listitem', { name: 'mountain-original.jpg' })).toContainText('Variants/mountain-original.jpg');

  // Keep one: the other six leave the timeline and search.
  await page.getByRole('listitem', { name: 'paris-q60.jpg' }).getByRole('button', { name: 'Keep this one' }).click();
  const kept = page.getByRole('region', { name: 'Last kept' });
  await expect(kept.getByRole('status', { name: 'Kept' })).toHaveText('Kept paris-q60.jpg; 6 photos hidden as duplicates.');
  await expect(groups).toHaveCount(0);
  await expect(page.getByText(/^No near duplicates/)).toBeVisible();
  const hiddenList = page.getByRole('region', { name: 'Hidden as duplicates' });
  await expect(hiddenList.getByRole('button', { name: 'Show again' })).toHaveCount(6);
  await page.getByRole('link', { name: 'Library' }).click();
  await expect(photoCount(page)).toHaveText(/^4 photos/);
  await expect.poll(async () => (await tileNames(page)).filter((n) => n.startsWith('paris-')).sort()).toEqual(['paris-pan.jpg', 'paris-q60.jpg', 'paris-zoom.jpg']);
  expect(await searchFor(page, 'paris')).toEqual(['paris-pan.jpg', 'paris-q60.jpg', 'paris-zoom.jpg']);

  // Their files go to .shoebox-trash only on a second, explicit confirmation: Cancel moves nothing.
  await page.getByRole('link', { name: 'Duplicates' }).click();
  const trashOpen = kept.getByRole('button', { name: 'Move their files to .shoebox-trash…' });
  await trashOpen.click();
  const confirm = page.getByRole('alertdialog', { name: 'Move to trash' });
  await expect(confirm.getByRole('listitem')).toHaveCount(6);
  await expect(confirm).toContainText('Photos/Variants/paris-half.jpg');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  expect(await folderFiles(page)).toContain('Variants/paris-half.jpg');
  await trashOpen.click();
  await confirm.getByRole('button', { name: 'Move 6 files to .shoebox-trash' }).click();
  await expect(kept.getByRole('status', { name: 'Trash' })).toHaveText('Moved 6 files to .shoebox-trash.');
  const after = await folderFiles(page);
  expect(after.filter((f) => f.startsWith('Variants/paris-')).sort()).toEqual(['Variants/paris-pan.jpg', 'Variants/paris-q60.jpg', 'Variants/paris-zoom.jpg']);
  expect(after.filter((f) => f.startsWith('.shoebox-trash/'))).toHaveLength(6);
  expect(after).toContain('.shoebox-trash/Variants/paris-half.jpg');

  // One undo, from the keyboard, brings the photos back (their files stay in the trash: missing).
  await kept.getByRole('button', { name: 'Undo' }).focus();
  await page.keyboard.press('Enter');
  await expect(groups).toHaveCount(1);
  await expect(kept).toHaveCount(0);
  await expect(hiddenList).toHaveCount(0);
  await page.getByRole('link', { name: 'Library' }).click();
  await expect(photoCount(page)).toHaveText(/^10 photos/);

  // A catalogue an older Shoebox made has no hashes: its stored tiles give them, on request.
  await page.evaluate(() => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('shoebox');
    open.onsuccess = () => {
      // Rewritten photos are logged, as the app logs them (db.ts `photoLogging`): `*`, all of them.
      const tx = open.result.transaction(['photos', 'photoLog'], 'readwrite');
      tx.objectStore('photoLog').add({ id: '*' });
      tx.objectStore('photos').openCursor().onsuccess = (e) => {
        const cursor = (e.target as IDBRequest<IDBCursorWithValue | null>).result;
        if (!cursor) return;
        const row: Record<string, unknown> = { ...(cursor.value as object), dupKeys: [] };
        delete row.phash;
        cursor.update(row);
        cursor.continue();
      };
      tx.oncomplete = () => (open.result.close(), resolve());
      tx.onerror = () => reject(tx.error);
    };
  }));
  // Opened afresh, as a catalogue from an earlier version is.
  await page.reload();
  await page.getByRole('link', { name: 'Duplicates' }).click();
  await expect(page.getByText('10 photos indexed by an earlier version of Shoebox are not compared yet.')).toBeVisible();
  await expect(groups).toHaveCount(0);
  await page.getByRole('button', { name: 'Compare them too' }).click();
  await expect(groups).toHaveCount(1);
  expect((await groups.getByRole('listitem').evaluateAll((items) => items.map((li) => li.getAttribute('aria-label') ?? ''))).sort()).toEqual(NEAR.map((f) => `paris-${f}`).sort());
  await expect(page.getByRole('button', { name: 'Compare them too' })).toHaveCount(0);
});

/** A burst of a real photo and three shots that are not its frames (tests/fixtures/make-bursts.mjs). */
const burstDir = new URL('../fixtures/bursts/', import.meta.url);
const FRAMES = ['frame-1.jpg', 'frame-2.jpg', 'frame-3.jpg', 'frame-4.jpg'];

test('Duplicates offers a burst as a stack; stacking it shows one photo, kept over a reload, until undone', async ({ page }) => {
  await importFolder(page, readdirSync(burstDir).map((name) => ({ path: `Roll/${name}`, data: readFileSync(new URL(name, burstDir)) })), 7);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Duplicates' }).click();
  const burst = page.getByRole('region', { name: 'Burst 1 of 1, 4 photos' });
  await expect(burst.getByRole('listitem')).toHaveText(FRAMES);
  await expect(burst).toContainText('4 photos within 4 s, by Shoebox Burst');
  await page.screenshot({ path: 'test-results/bursts-offered.png', fullPage: true });
  await burst.getByRole('button', { name: 'Stack this burst' }).click();
  const stacked = page.getByRole('region', { name: 'Last stacked' });
  await expect(stacked.getByRole('status', { name: 'Stacked' })).toHaveText('Stacked 4 photos as one burst: the first shows for them all.');
  await expect(page.getByRole('region', { name: /^Burst / })).toHaveCount(0);

  // One tile for the burst, which the viewer lists frame by frame.
  await page.getByRole('link', { name: 'Library' }).click();
  await expect(photoCount(page)).toHaveText(/^4 photos/);
  await page.getByRole('button', { name: 'frame-1.jpg stack of 4' }).click();
  const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  await expect(viewer.getByRole('region', { name: 'Stack' }).getByRole('listitem')).toHaveText(['frame-1.jpg JPEG (on top)', ...FRAMES.slice(1).map((f) => `${f} JPEG Put on top`)]);
  await viewer.getByRole('button', { name: 'Close viewer' }).click();

  // It is the person's: a reload keeps it, and Undo puts the frames back side by side.
  await page.reload();
  await expect(photoCount(page)).toHaveText(/^4 photos/);
  await page.getByRole('link', { name: 'Duplicates' }).click();
  await stacked.getByRole('button', { name: 'Undo' }).click();
  await expect(stacked).toHaveCount(0);
  await expect(burst.getByRole('listitem')).toHaveCount(4);
  await page.getByRole('link', { name: 'Library' }).click();
  await expect(photoCount(page)).toHaveText(/^7 photos/);
});
