import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { shippedFiles } from '../../models/ship-models.ts';
import { backupText, readPrivateFile, rewriteBackup, saveToPrivateStorage } from './backup-file';
import { extraBuild } from './builds.mjs';
import { fixtureLibrary } from './fixture-library';
import { expect, test } from './fixtures';
import { installFolder, photoCount, serviceWorkerControls as serviceWorkerReady, waitForImportDone } from './helpers';
import { serveFolder } from './static-server';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';
import { chromium } from '@playwright/test';

// These tests are about the service worker (tests/playwright.config.ts blocks it elsewhere).
test.use({ serviceWorkers: 'allow' });

test('offline: after one visit, a reload shows the library, the grid and the viewer from this device', async ({ page, context }) => {
  await page.goto('/');
  await installFolder(page, fixtureLibrary().filter((f) => f.path.startsWith('orientation/') || f.path.startsWith('2021/')));
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  await serviceWorkerReady(page);
  // The app ships without cross-origin isolation (threaded wasm hung under the bundle): indexing
  // above completed with exactly the headers it is served with.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);

  await context.setOffline(true);
  await page.reload();
  await expect(photoCount(page)).toHaveText(/^9 photos/);
  await page.getByRole('button', { name: 'beach.jpg' }).click();
  const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  await expect(viewer.getByRole('img', { name: 'beach.jpg' })).toBeVisible();
  // The granted folder is on this device: the original opens offline too.
  await expect(viewer.getByRole('status')).toHaveText('Original');
  await expect(viewer.getByRole('complementary')).toContainText('Canon EOS 5D Mark IV');
  await page.keyboard.press('Escape');

  // The models and the HEIC decoder were precached on the first visit (which saw no HEIC): a
  // folder added offline is indexed and labelled, its HEIC decoded.
  await installFolder(page, [
    { path: 'offline/sample1.jpg', data: readFileSync('node_modules/@vladmandic/face-api/demo/sample1.jpg') },
    { path: 'offline/gps.heic', data: readFileSync('tests/fixtures/heic/gps.heic') },
  ], 'Offline');
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  await expect(photoCount(page)).toHaveText(/^11 photos/);
  await expect(page.getByText(/^Problems \(/)).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Search' }).fill('wine glass');
  await expect(page.getByRole('list', { name: 'Results' }).getByRole('img', { name: 'sample1.jpg' })).toBeVisible();
  await page.getByRole('link', { name: 'Labels' }).click();
  await expect(page.getByRole('region', { name: 'Labels' }).getByRole('link', { name: /wine glass\s*1 photo/ })).toBeVisible();

  // A deep link is answered with the app. Every model and wasm file the build ships (the list the
  // build copies them from, sized as they are in dist/) is answered from the precache, whole, and
  // never with the app's HTML.
  await page.goto('/some/deep/link');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const shipped = shippedFiles().map((f) => `/${f.url} 200 ${statSync(join('dist', f.url)).size}`);
  expect(shipped).toEqual(expect.arrayContaining([expect.stringMatching(/^\/models\/centernet\.bin /), expect.stringMatching(/^\/models\/wasm\/tfjs-backend-wasm-simd\.wasm /)]));
  // The HEIC decoder (libheif's module and wasm, named by their hashes), loaded on the first HEIC only.
  const heic = readdirSync(join('dist', 'assets')).filter((f) => /^libheif-.*\.(js|wasm)$/.test(f)).map((f) => `/assets/${f} 200 ${statSync(join('dist', 'assets', f)).size}`);
  expect(heic).toEqual([expect.stringMatching(/\.js 200 /), expect.stringMatching(/\.wasm 200 /)]);
  shipped.push(...heic);
  const answers = await page.evaluate((urls) => Promise.all(urls.map(async (url) => {
    try {
      const r = await fetch(url);
      return `${url} ${r.status} ${(await r.arrayBuffer()).byteLength}`;
    } catch {
      return `${url} network error`;
    }
  })), shipped.map((s) => s.split(' ')[0] as string));
  expect(answers).toEqual(shipped);
  await context.setOffline(false);
});

test('the manifest passes Chromium’s installability check', async ({ baseURL }, testInfo) => {
  // Installation is never offered in an incognito-like context: use a real (temporary) profile.
  const profile = await chromium.launchPersistentContext(testInfo.outputPath('profile'), {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    baseURL,
  });
  try {
    const page = profile.pages()[0] ?? (await profile.newPage());
    await page.goto('/');
    await serviceWorkerReady(page);
    const cdp = await profile.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    // Chromium offers installation (beforeinstallprompt): the app shows its own button for it.
    await expect(page.getByRole('button', { name: 'Install app' })).toBeVisible({ timeout: 15_000 });
  } finally {
    await profile.close();
  }
});

test('the manifest names the app, its icons and how it opens', async ({ page }) => {
  await page.goto('/');
  const manifest = await (await page.request.get('/manifest.webmanifest')).json();
  expect(manifest).toMatchObject({ name: expect.stringContaining('Shoebox'), short_name: 'Shoebox', display: 'standalone', start_url: '/' });
  expect(manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
});

test('a new deployment shows “Update available — reload” and the reload brings it', async ({ browser }) => {
  test.setTimeout(120_000);
  // The first deployment is the build under test (dist/); the second is built with another id.
  const second = extraBuild('second');
  const server = await serveFolder('dist');
  const context = await browser.newContext({ baseURL: server.url });
  try {
    const page = await context.newPage();
    await page.goto('/#/settings');
    const version = page.getByText(/^Version \S+\. /);
    await expect(version).toBeVisible();
    const firstId = /^Version (\S+)\. /.exec((await version.textContent()) ?? '')?.[1] as string;
    expect(firstId).toBeTruthy();
    expect(firstId).not.toBe('second');
    await serviceWorkerReady(page);
    await expect(page.getByRole('status', { name: 'Update' })).toBeHidden();

    server.swap(second);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const notice = page.getByRole('status', { name: 'Update' });
    await expect(notice).toContainText('Update available — reload');
    // Nothing happens by itself: the old version keeps running until the person chooses.
    await page.waitForTimeout(500);
    await expect(page.getByText(`Version ${firstId}.`)).toBeVisible();
    await notice.getByRole('button', { name: 'Reload' }).click();
    await expect(page.getByText('Version second.')).toBeVisible();
  } finally {
    await context.close();
    await server.close();
  }
});

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
  await page.getByRole('checkbox', { name: /Keep large previews/ }).uncheck();
  await page.getByRole('link', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await waitForImportDone(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('button', { name: 'Clear stored previews (0)' })).toBeDisabled();

  await page.getByRole('checkbox', { name: /Keep large previews/ }).check();
  await page.getByRole('link', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Rescan' }).click(); // the demo's files are unchanged: nothing to redo
  await page.reload();
  await installFolder(page, fixtureLibrary().filter((f) => f.path.startsWith('2021/')));
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Clear stored previews (1)' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Cleared' })).toHaveText('Cleared 1 previews.');
  await page.getByRole('link', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'harbour.jpg' }).click();
  // No preview and no original this session (demo files are gone after the reload): the tile.
  await expect(page.getByRole('dialog').getByRole('img', { name: 'harbour.jpg' })).toBeVisible();
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
});
