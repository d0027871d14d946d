import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { shippedFiles } from '../../models/ship-models.ts';
import { extraBuild } from './builds.mjs';
import { fixtureLibrary } from './fixture-library';
import { expect, test } from './fixtures';
import { installFolder, photoCount, searchFor, serviceWorkerControls as serviceWorkerReady, tileNames, waitForImportDone } from './helpers';
import { makeJpeg, scenePainter } from '../fixtures/photos.mjs';
import { serveFolder } from './static-server';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';
import { chromium } from '@playwright/test';

// These tests are about the service worker (tests/playwright.config.ts blocks it elsewhere).
test.use({ serviceWorkers: 'allow' });

/** Photos in three countries, for the map. */
const PLACES: [name: string, lat: number, lng: number][] = [
  ['lisbon-1.jpg', 38.7223, -9.1393], ['lisbon-2.jpg', 38.7139, -9.1335], ['lisbon-3.jpg', 38.7369, -9.1427], ['porto.jpg', 41.1496, -8.611],
  ['tokyo-1.jpg', 35.6595, 139.7005], ['tokyo-2.jpg', 35.6762, 139.6503], ['new-york.jpg', 40.758, -73.9855],
];

test('offline: after one visit, a reload shows the library, the grid and the viewer; a folder added offline is indexed; Places clusters, names towns and opens areas', async ({ page, context }) => {
  test.setTimeout(180_000);
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
  // With them, photos taken in three more countries, for Places (their towns named offline too).
  await installFolder(page, [
    { path: 'offline/sample1.jpg', data: readFileSync('node_modules/@vladmandic/face-api/demo/sample1.jpg') },
    { path: 'offline/gps.heic', data: readFileSync('tests/fixtures/heic/gps.heic') },
    ...PLACES.map(([name, lat, lng], i) => ({ path: `offline/trips/${name}`, data: makeJpeg({ width: 96, height: 72, paint: scenePainter(96, 72, i + 3), exif: { taken: `2024:05:0${i + 1} 12:00:00`, gps: { lat, lng } } }) })),
  ], 'Offline');
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  await expect(photoCount(page)).toHaveText(/^18 photos/);
  await expect(page.getByText(/^Problems \(/)).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Search' }).fill('wine glass');
  await expect(page.getByRole('list', { name: 'Results' }).getByRole('img', { name: 'sample1.jpg' })).toBeVisible();
  await page.getByRole('link', { name: 'Labels' }).click();
  await expect(page.getByRole('region', { name: 'Labels' }).getByRole('link', { name: /wine glass\s*1 photo/ })).toBeVisible();

  // Places, offline: the whole world shows Western Europe's six (Lisbon's three, gps.heic, Porto,
  // and beach.jpg in Marseille), Tokyo's two, New York's one and sample1's San Jose.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Places' }).click();
  await expect(page.getByRole('status', { name: 'Located photos' })).toHaveText('10 photos with a place');
  await expect(page.getByRole('button', { name: 'Show the 10 photos in view' })).toBeEnabled();
  const map = page.getByRole('region', { name: 'Map' });
  await expect.poll(async () => (await map.getByRole('button', { name: /photos?$/ }).allTextContents()).sort()).toEqual(['1', '1', '2', '6']);
  await expect(map.locator('.map-town')).toHaveCount(0); // no town names at the world's scale
  await map.getByRole('button', { name: '2 photos' }).click();
  // Read again until the answer is on screen (an empty list before it would pass tileNames' wait).
  await expect.poll(async () => (await tileNames(page, 'Results')).sort()).toEqual(['tokyo-1.jpg', 'tokyo-2.jpg']);

  // Zoom in on Portugal with the wheel: Lisbon's four and Porto's one part, and towns are named.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Places' }).click();
  const portugal = map.getByRole('button', { name: '6 photos' });
  const box = (await portugal.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 12 && !(await map.getByRole('button', { name: '4 photos' }).isVisible()); i++) {
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(400);
  }
  await expect(map.getByRole('button', { name: '4 photos' })).toBeVisible();
  await expect(map.locator('.map-town', { hasText: /^Madrid$/ })).toBeVisible(); // the largest towns in view
  // The area in view, in the grid (area: the map's box, south,west,north,east): Portugal's five, and
  // Marseille's one if the view reaches it; Places opens there again.
  const inView = page.getByRole('button', { name: /^Show the \d+ photos in view$/ });
  const counted = Number(/\d+/.exec((await inView.textContent()) ?? '')?.[0]);
  await inView.click();
  await expect(page.getByRole('combobox', { name: 'Search' })).toHaveValue(/^area:[\d.-]+,[\d.-]+,[\d.-]+,[\d.-]+$/);
  const portugueseFive = ['gps.heic', 'lisbon-1.jpg', 'lisbon-2.jpg', 'lisbon-3.jpg', 'porto.jpg'];
  await expect(page.getByRole('list', { name: 'Results' }).getByRole('img')).toHaveCount(counted);
  expect(await tileNames(page, 'Results')).toEqual(expect.arrayContaining(portugueseFive));
  expect([5, 6]).toContain(counted);
  await page.goBack();
  const lisbon = (await map.getByRole('button', { name: '4 photos' }).boundingBox())!;
  await page.mouse.move(lisbon.x + lisbon.width / 2, lisbon.y + lisbon.height / 2);
  for (let i = 0; i < 3; i++) {
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(400);
  }
  await expect(map.locator('.map-town', { hasText: /^Lisbon$/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/places-zoomed.png' });

  // The viewer names the place; search finds it by its words and its country code.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  expect(await searchFor(page, 'portugal')).toEqual(portugueseFive);
  await page.getByRole('list', { name: 'Results' }).getByRole('button', { name: 'lisbon-2.jpg' }).click();
  await expect(page.getByRole('dialog', { name: 'Photo viewer' }).getByRole('complementary')).toContainText('Lisbon, Portugal');
  await page.keyboard.press('Escape');
  expect(await searchFor(page, 'country:jp')).toEqual(['tokyo-1.jpg', 'tokyo-2.jpg']);
  expect(await searchFor(page, 'place:"new york"')).toEqual(['new-york.jpg']);

  // A deep link is answered with the app. Every model and wasm file the build ships (the list the
  // build copies them from, sized as they are in dist/) is answered from the precache, whole, and
  // never with the app's HTML.
  await page.goto('/some/deep/link');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const shipped = shippedFiles().map((f) => `/${f.url} 200 ${statSync(join('dist', f.url)).size}`);
  expect(shipped).toEqual(expect.arrayContaining([expect.stringMatching(/^\/models\/centernet\.bin /), expect.stringMatching(/^\/models\/wasm\/tfjs-backend-wasm-simd\.wasm /)]));
  // The HEIC decoder (libheif's module and wasm, named by their hashes), loaded on the first HEIC only.
  // Listed module first: the hashes decide the folder's order.
  const heic = readdirSync(join('dist', 'assets'))
    .filter((f) => /^libheif-.*\.(js|wasm)$/.test(f))
    .sort((a, b) => Number(a.endsWith('.wasm')) - Number(b.endsWith('.wasm')))
    .map((f) => `/assets/${f} 200 ${statSync(join('dist', 'assets', f)).size}`);
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
