import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { makeJpeg } from '../fixtures/photos.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';
import { expect, test } from './fixtures';
import { checkboxFramesOnReload, faceApiSample, installFolder, pickerReturnsFolder, searchFor, waitForImportDone } from './helpers';

/**
 * One library on two computers: two persistent browser profiles (each its own OPFS and
 * IndexedDB), each granting its own copy of one folder. The test plays the sync tool (Syncthing,
 * Dropbox…) by copying the `.shoebox/` files from one copy of the folder to the other.
 */
const FILES = [
  { path: 'p1.jpg', data: makeJpeg({ width: 64, height: 48, paint: () => [200, 60, 40], exif: { taken: '2019:07:20 10:00:00' } }) },
  { path: 'p2.jpg', data: makeJpeg({ width: 64, height: 48, paint: () => [40, 160, 90], exif: { taken: '2019:07:18 10:00:00' } }) },
  faceApiSample(1, 'people'),
];

interface Device {
  context: BrowserContext;
  page: Page;
}

async function open(dir: string, baseURL: string): Promise<Device> {
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, baseURL, viewport: { width: 1280, height: 900 } });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/** Every file of the folder's `.shoebox/devices/`, by name, as bytes. */
const shoeboxFiles = (page: Page) => page.evaluate(async () => {
  const out: Record<string, number[]> = {};
  try {
    const dir = await (await (await (await navigator.storage.getDirectory()).getDirectoryHandle('Photos')).getDirectoryHandle('.shoebox')).getDirectoryHandle('devices');
    for await (const entry of (dir as unknown as { values(): AsyncIterable<FileSystemFileHandle> }).values()) {
      if (entry.kind === 'file') out[entry.name] = Array.from(new Uint8Array(await (await entry.getFile()).arrayBuffer()));
    }
  } catch {
    // No catalogue written yet.
  }
  return out;
});

/** The sync tool: `.shoebox/` copied from one device's folder into the other's, each file unless the other has it newer (longer: the change files only grow). */
async function copyShoebox(from: Page, to: Page): Promise<void> {
  const files = await shoeboxFiles(from);
  await to.evaluate(async (files) => {
    const photos = await (await navigator.storage.getDirectory()).getDirectoryHandle('Photos');
    const dir = await (await photos.getDirectoryHandle('.shoebox', { create: true })).getDirectoryHandle('devices', { create: true });
    for (const [name, bytes] of Object.entries(files)) {
      const handle = await dir.getFileHandle(name, { create: true });
      if (name.endsWith('.bin') && (await handle.getFile()).size > bytes.length) continue;
      const w = await handle.createWritable();
      await w.write(new Uint8Array(bytes));
      await w.close();
    }
  }, files);
}

const viewer = (page: Page) => page.getByRole('dialog', { name: 'Photo viewer' });

async function library(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Library' }).click();
  await page.getByRole('combobox', { name: 'Search' }).fill('');
}

async function rate(page: Page, photo: string, stars: number): Promise<void> {
  await library(page);
  await page.getByRole('button', { name: photo }).first().click();
  await viewer(page).getByRole('button', { name: `${stars} stars` }).click();
  await expect(viewer(page).getByRole('button', { name: `${stars} stars` })).toHaveAttribute('aria-pressed', 'true');
  await viewer(page).getByRole('button', { name: 'Close viewer' }).click();
}

/** The photo's rating as the viewer shows it (the last star pressed). */
async function ratingOf(page: Page, photo: string): Promise<number> {
  await library(page);
  await page.getByRole('button', { name: photo }).first().click();
  const star = (n: number) => viewer(page).getByRole('button', { name: n === 1 ? '1 star' : `${n} stars`, exact: true });
  await expect(star(5)).toBeVisible();
  let rating = 0;
  for (let n = 1; n <= 5; n++) if ((await star(n).getAttribute('aria-pressed')) === 'true') rating = n;
  await viewer(page).getByRole('button', { name: 'Close viewer' }).click();
  return rating;
}

async function turnOn(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('textbox', { name: "This device's name" }).fill(name);
  await page.getByRole('button', { name: "Save this device's name" }).click();
  const box = page.getByRole('checkbox', { name: 'Keep my work in my folders and merge it with my other devices' });
  await expect(box).not.toBeChecked();
  await box.check();
  await expect(page.getByRole('listitem', { name: 'Photos' })).toContainText('your work is written here');
}

/** Settings → Sync now, until it has finished. */
async function syncNow(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  const button = page.getByRole('button', { name: 'Sync now' });
  await button.click();
  await expect(button).toBeEnabled();
}

/** What both devices must agree on. */
async function state(page: Page) {
  return {
    p1: await ratingOf(page, 'p1.jpg'),
    sample1: await ratingOf(page, 'sample1.jpg'),
    trip: await searchFor(page, 'album:Trip'),
    anna: await searchFor(page, 'person:"Anna Berg"'),
  };
}

test('two browsers keep one library through the folder: concurrent edits converge, a reload keeps them, an offline edit syncs later', async ({ baseURL, requestGuard }, testInfo) => {
  test.setTimeout(420_000);
  const a = await open(testInfo.outputPath('laptop'), baseURL as string);
  const b = await open(testInfo.outputPath('desktop'), baseURL as string);
  // Both profiles are under the guard: nothing leaves either browser.
  requestGuard.watch(a.context);
  requestGuard.watch(b.context);
  try {
    for (const { page } of [a, b]) {
      await page.goto('/');
      await installFolder(page, FILES);
      await page.getByRole('button', { name: 'Add folder', exact: true }).click();
    }
    for (const { page } of [a, b]) await waitForImportDone(page, 180_000);
    await turnOn(a.page, 'Laptop');
    await turnOn(b.page, 'Desktop');

    // Apart, at the same time: a rating on the laptop; an album and a person's name on the desktop;
    // and a rating of the same photo on both.
    await rate(a.page, 'p1.jpg', 4);
    await rate(a.page, 'sample1.jpg', 2);
    await library(b.page);
    const grid = b.page.getByRole('list', { name: 'Photos' });
    await grid.getByRole('checkbox', { name: 'Select p2.jpg' }).click();
    const bar = b.page.getByRole('toolbar', { name: 'Selection' });
    await bar.getByRole('combobox', { name: 'Album' }).fill('Trip');
    await bar.getByRole('button', { name: 'Add to album' }).click();
    await expect(bar).toBeHidden();
    await rate(b.page, 'sample1.jpg', 5);
    await b.page.getByRole('button', { name: 'sample1.jpg' }).first().click();
    await viewer(b.page).getByRole('button', { name: 'Faces' }).click();
    await viewer(b.page).getByRole('link', { name: /^Face: / }).first().click();
    await b.page.getByRole('textbox', { name: 'Name' }).fill('Anna Berg');
    await b.page.getByRole('button', { name: 'Save name' }).click();
    await expect(b.page.getByRole('heading', { name: 'Anna Berg' })).toBeVisible();

    // Each writes its own file; the sync tool copies them both ways; each reads the other's.
    await syncNow(a.page);
    await syncNow(b.page);
    // Each has written one change file of its own, and a file with its name.
    for (const { page } of [a, b]) expect(Object.keys(await shoeboxFiles(page)).map((n) => n.replace(/^[0-9a-f]+/, 'id')).sort()).toEqual(['id.bin', 'id.json']);
    await copyShoebox(a.page, b.page);
    await copyShoebox(b.page, a.page);
    await syncNow(a.page);
    await syncNow(b.page);

    const onA = await state(a.page);
    expect(onA).toMatchObject({ p1: 4, trip: ['p2.jpg'], anna: ['sample1.jpg'] });
    expect([2, 5]).toContain(onA.sample1);
    expect(await state(b.page)).toEqual(onA);

    // Settings says, for the folder, that it is written there, when it last synced, and who wrote to it.
    await a.page.getByRole('link', { name: 'Settings' }).click();
    const folder = a.page.getByRole('listitem', { name: 'Photos' });
    await expect(folder).toContainText('your work is written here');
    await expect(folder).toContainText(/Last read \d/);
    await expect(folder).toContainText(/Devices: .*Laptop \(this device\)/);
    await expect(folder).toContainText('Desktop');
    await a.page.getByRole('region', { name: 'Catalogue in your folders' }).screenshot({ path: testInfo.outputPath('folder-catalogue-settings.png') });

    // A reload keeps it all (the catalogue reads the folder again on start); Settings, reloaded,
    // never shows the box clear before the stored "on" is read.
    expect(new Set(await checkboxFramesOnReload(a.page, 'Keep my work in my folders'))).toEqual(new Set(['ticked']));
    await pickerReturnsFolder(a.page);
    expect(await state(a.page)).toEqual(onA);

    // The laptop goes offline (the network, not the folder: a train) and keeps working; the edit
    // reaches the desktop once the sync tool has copied the file.
    await a.context.setOffline(true);
    await rate(a.page, 'p2.jpg', 3);
    await syncNow(a.page);
    await a.context.setOffline(false);
    await copyShoebox(a.page, b.page);
    await syncNow(b.page);
    expect(await ratingOf(b.page, 'p2.jpg')).toBe(3);
    expect(await ratingOf(a.page, 'p2.jpg')).toBe(3);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
