import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeJpeg, scenePainter } from '../fixtures/photos.mjs';
import { backupText, readPrivateFile, rewriteBackup, saveToPrivateStorage } from './backup-file';
import { fixtureLibrary } from './fixture-library';
import { expect, test } from './fixtures';
import { installFolder, photoCount, recordedFrames, recordFrames, waitForImportDone } from './helpers';

// Settings, backups and schema upgrades: the service worker is blocked here, as in every spec but
// the ones about it (tests/playwright.config.ts, pwa.spec.ts).

test('a schema upgrade in another tab makes this tab say to reload instead of failing silently', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Try the demo' })).toBeVisible();
  const other = await context.newPage();
  await other.goto('/');
  // A newer Shoebox opens the catalogue at a higher version in the other tab.
  await other.evaluate(() => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('shoebox', 1000);
    open.onsuccess = () => { open.result.close(); resolve(); };
    open.onerror = () => reject(open.error);
  }));
  await expect(page.getByRole('alert')).toContainText('updated in another tab');
  await expect(page.getByRole('alert').getByRole('button', { name: 'Reload' })).toBeVisible();
});

test('settings: storage shown, previews optional and clearable, the viewer falls back to the tile', async ({ page }) => {
  await page.goto('/#/settings');
  await expect(page.getByText(/Using .* of .* available to Shoebox/)).toBeVisible();
  // The demo's photographs are credited, each package's licence text shipped with the app.
  const demoCredits = page.getByRole('list', { name: 'Demo photographs' }).getByRole('listitem');
  await expect(demoCredits).toHaveCount(5);
  await demoCredits.filter({ hasText: 'exif-parser' }).getByRole('link', { name: 'Licence text' }).click();
  await expect(page.locator('body')).toContainText('Copyright (c) 2010 Bruno Windels');
  await page.goBack();
  await page.getByRole('checkbox', { name: /Keep large previews/ }).uncheck();
  // WebAssembly pinned: what Automatic picks on this machine, so the tests after run as before.
  const backend = page.getByRole('combobox', { name: 'Inference backend choice' });
  await backend.selectOption('wasm');
  await expect(page.getByRole('status', { name: 'Inference backend' })).toHaveText('Recognising photos with the wasm backend.');
  // Opened again, the box and the backend show the stored choices, never the defaults before they
  // are read (ticking a box shown ticked did nothing): not shown until then. Every frame's state is recorded.
  await recordFrames(page, () => {
    const box = [...document.querySelectorAll('label')].find((l) => l.textContent?.includes('Keep large previews'))?.querySelector('input');
    const backend = document.querySelector<HTMLSelectElement>('select[aria-label="Inference backend choice"]');
    const seen = [...(box ? [box.checked ? 'ticked' : 'clear'] : []), ...(backend ? [`backend ${backend.value || 'automatic'}`] : [])];
    return seen.length ? seen : undefined;
  }, 100);
  await page.reload();
  await expect(page.getByRole('checkbox', { name: /Keep large previews/ })).not.toBeChecked();
  await expect(backend).toHaveValue('wasm');
  const seen = (await recordedFrames<string[]>(page, 100)).flat();
  expect(seen.filter((s) => s === 'ticked' || s === 'backend automatic')).toEqual([]);
  expect(seen).toContain('backend wasm');
  await backend.selectOption('');
  await page.getByRole('link', { name: 'Library' }).click();
  // A one-time copy (its files live only as long as this page) of two photos, imported with previews off.
  const copy = join(mkdtempSync(join(tmpdir(), 'shoebox-copy-')), 'Copied');
  mkdirSync(copy);
  for (const n of [1, 2]) writeFileSync(join(copy, `copied-${n}.jpg`), makeJpeg({ width: 900, height: 600, paint: scenePainter(900, 600, n), exif: { taken: `2018:0${n}:01 12:00:00` } }));
  await page.getByLabel('Add folder as a one-time copy').setInputFiles(copy);
  await waitForImportDone(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('button', { name: 'Clear stored previews (0)' })).toBeDisabled();

  await page.getByRole('checkbox', { name: /Keep large previews/ }).check();
  await page.getByRole('link', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Rescan' }).click(); // the copied files are unchanged: nothing to redo
  await page.reload();
  await installFolder(page, fixtureLibrary().filter((f) => f.path.startsWith('2021/')));
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Clear stored previews (1)' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Cleared' })).toHaveText('Cleared 1 previews.');
  await page.getByRole('link', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'copied-1.jpg' }).click();
  // No preview and no original this session (a one-time copy's files are gone after the reload): the tile.
  await expect(page.getByRole('dialog').getByRole('img', { name: 'copied-1.jpg' })).toBeVisible();
  await expect(page.getByRole('dialog').getByRole('status')).toHaveText('Preview');
});

test('export the catalogue, import it into a fresh browser: same photos, edits and albums; a corrupted export changes nothing', async ({ page, browser, baseURL }, testInfo) => {
  const files = fixtureLibrary().filter((f) => f.path.startsWith('orientation/') || f.path.startsWith('2021/'));
  await page.goto('/');
  await installFolder(page, files);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  await page.getByRole('button', { name: 'beach.jpg' }).click();
  await page.getByRole('button', { name: '4 stars' }).click();
  await expect(page.getByRole('button', { name: '4 stars' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('textbox', { name: 'Add label' }).fill('holiday');
  await page.getByRole('region', { name: 'Labels' }).getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('combobox', { name: 'Add to album' }).fill('Brittany 2021');
  await page.getByRole('region', { name: 'Albums' }).getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Albums' }).getByRole('link', { name: 'Brittany 2021' })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByRole('link', { name: 'Settings' }).click();
  const reminder = page.getByRole('status', { name: 'Last backup' });
  await expect(reminder).toHaveText(/^Never backed up\. Export a backup/);
  await expect(reminder).toHaveClass(/notice/);
  // The save picker answers with a file in the page's private storage; the export streams into it.
  await saveToPrivateStorage(page);
  await page.getByRole('button', { name: 'Export catalogue' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Exported' })).toHaveText(/^Exported 9 photos and 9 tiles to shoebox-backup-\d{4}-\d\d-\d\d\.zip\.$/);
  await expect(reminder).toHaveText('Last backup today.');
  await expect(reminder).not.toHaveClass(/notice/);
  const exported = testInfo.outputPath('backup.zip');
  await readPrivateFile(page, /^shoebox-backup-.*\.zip$/, exported);
  const text = await backupText(exported);
  expect(JSON.parse(text.get('catalogue.json') as string)).toMatchObject({ format: 'shoebox-catalogue', version: 3, counts: { photos: 9 }, tiles: true });
  expect(text.get('photos.ndjson')?.trim().split('\n')).toHaveLength(9);
  // The 9 tiles in one shard: its list says where each is in tiles/000001.bin.
  expect(text.get('tiles/000001.ndjson')?.trim().split('\n')).toHaveLength(9);
  const corrupted = testInfo.outputPath('corrupted.zip');
  await rewriteBackup(exported, corrupted, 'photos.ndjson', (t) => t.split('\n').map((line, i) => (i === 3 ? line.replace(/"takenAt":\d+/, '"takenAt":"last summer"') : line)).join('\n'));

  // "Keep my library" asks the browser, and shows its answer as it is (headless Chromium says no).
  await page.getByRole('button', { name: 'Keep my library' }).click();
  const persisted = await page.evaluate(() => navigator.storage.persisted());
  await expect(page.getByRole('status', { name: 'Keep my library answer' })).toHaveText(persisted ? /^The browser agreed/ : /^The browser said no/);

  const fresh = await browser.newContext({ baseURL });
  try {
    const other = await fresh.newPage();
    await other.goto('/#/settings');
    await other.getByLabel('Import catalogue').setInputFiles(corrupted);
    await expect(other.getByRole('alert')).toContainText('photos.ndjson, line 4, takenAt: Invalid type: Expected number but received "last summer". Nothing was changed.');
    await other.getByLabel('Import catalogue').setInputFiles({ name: 'holiday.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "shoebox-catal') });
    await expect(other.getByRole('alert')).toContainText('neither a ZIP nor a valid JSON catalogue');
    await other.getByRole('link', { name: 'Library' }).click();
    await expect(other.getByRole('button', { name: 'Try the demo' })).toBeVisible();
    await expect(photoCount(other)).toHaveText(/^0 photos/);

    await other.getByRole('link', { name: 'Settings' }).click();
    await other.getByLabel('Import catalogue').setInputFiles(exported);
    await expect(other.getByRole('status').filter({ hasText: 'Imported' })).toContainText('Imported 9 photos (9 new)');
    await other.getByRole('link', { name: 'Library' }).click();
    await expect(photoCount(other)).toHaveText(/^9 photos/);
    await expect(other.getByRole('list', { name: 'Folders' })).toContainText(/Photos.*pick it again/);
    await other.getByRole('button', { name: 'beach.jpg' }).click();
    await expect(other.getByRole('button', { name: '4 stars' })).toHaveAttribute('aria-pressed', 'true');
    await expect(other.getByRole('complementary')).toContainText('Canon EOS 5D Mark IV');
    await expect(other.getByRole('region', { name: 'Labels' }).getByRole('link', { name: 'holiday' })).toBeVisible();
    await expect(other.getByRole('region', { name: 'Albums' }).getByRole('link', { name: 'Brittany 2021' })).toBeVisible();
    await other.keyboard.press('Escape');

    // Granting the folder here (a fresh copy: new mtimes, so each file is read again): the
    // same bytes find the same photos, no duplicates, and the person's edit stays.
    await installFolder(other, files);
    await other.getByRole('button', { name: 'Add folder', exact: true }).click();
    await waitForImportDone(other);
    await expect(photoCount(other)).toHaveText(/^9 photos/);
    await expect(other.getByRole('list', { name: 'Folders' })).not.toContainText('pick it again');
    await other.getByRole('button', { name: 'beach.jpg' }).click();
    await expect(other.getByRole('button', { name: '4 stars' })).toHaveAttribute('aria-pressed', 'true');
    await expect(other.getByRole('region', { name: 'Labels' }).getByRole('link', { name: 'holiday' })).toBeVisible();
    await expect(other.getByRole('region', { name: 'Albums' }).getByRole('link', { name: 'Brittany 2021' })).toBeVisible();
    await expect(other.getByRole('dialog').getByRole('status')).toHaveText('Original');
  } finally {
    await fresh.close();
  }
});

test('settings remind you of a backup older than 30 days', async ({ page }) => {
  await page.goto('/#/settings');
  const reminder = page.getByRole('status', { name: 'Last backup' });
  await expect(reminder).toHaveText(/^Never backed up/);
  await page.evaluate(() => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('shoebox');
    open.onsuccess = () => {
      const tx = open.result.transaction('settings', 'readwrite');
      tx.objectStore('settings').put({ key: 'lastBackupAt', value: Date.now() - 31 * 86_400_000 });
      tx.oncomplete = () => resolve(open.result.close());
      tx.onerror = () => reject(tx.error);
    };
  }));
  await page.reload();
  await expect(reminder).toHaveText(/^Last backup 31 days ago\. Export a backup to keep your work safe/);
  await expect(reminder).toHaveClass(/notice/);

  // The export's code is loaded when first used: if it cannot be fetched (the app updated since
  // the page opened, its old files gone), the person is told what to do, and nothing changed.
  await page.route(/\/assets\/export-[^/]*\.js$/, (route) => route.abort());
  await saveToPrivateStorage(page);
  await page.getByRole('button', { name: 'Export catalogue' }).click();
  await expect(page.getByRole('alert')).toHaveText('Part of Shoebox could not be loaded: it has probably been updated since this page was opened. Reload the page, then try again.');
  await expect(reminder).toHaveText(/^Last backup 31 days ago/);
});
