import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { shippedFiles } from '../../models/ship-models.ts';
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
