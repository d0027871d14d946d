import { expect, test } from './fixtures';
import { DATED_ORDER, EXPECTED_PROBLEMS, EXPECTED_TILES, UNDATED, fixtureLibrary } from './fixture-library';
import { QUADRANTS, makeJpeg, scenePainter } from '../fixtures/photos.mjs';
import { importFolder, installFolder, photoCount, quadrantsMatch, recordedFrames, recordFrames, sampleQuadrants, tileNames, waitForImportDone } from './helpers';

test('granting a folder shows every photo in date order, with problems listed and nothing sent away', async ({ page }) => {
  // Tall enough that the virtualised grid renders every row of this small library.
  await page.setViewportSize({ width: 1280, height: 2400 });
  await page.goto('/');
  await installFolder(page, fixtureLibrary());
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  await expect(photoCount(page)).toHaveText(new RegExp(`^${EXPECTED_TILES} photos`));

  const names = await tileNames(page);
  expect(names).toHaveLength(EXPECTED_TILES);
  expect(new Set(names.slice(0, 2))).toEqual(new Set(UNDATED));
  expect(names.slice(2)).toEqual(DATED_ORDER);
  // Hidden, NAS and recycle-bin folders are never scanned.
  expect(names).not.toContain('secret.jpg');
  expect(names).not.toContain('old.jpg');

  await page.getByText(/^Problems \(/).click();
  const problems = page.getByRole('table', { name: 'Problems' });
  for (const [path, why] of Object.entries(EXPECTED_PROBLEMS)) {
    const row = problems.getByRole('row').filter({ hasText: path });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(why);
  }
  await expect(problems.getByRole('row')).toHaveCount(Object.keys(EXPECTED_PROBLEMS).length + 1);
  await expect(page.getByRole('img', { name: 'truncated.jpg' })).toHaveAttribute('data-damaged', 'true');
  await expect(page.getByRole('img', { name: 'cut-after-exif.jpg' })).toHaveAttribute('data-damaged', 'true');
  await page.getByRole('button', { name: 'cut-after-exif.jpg' }).click();
  await expect(page.getByRole('complementary', { name: 'Photo information' })).toContainText(/only its embedded thumbnail/);
  await page.keyboard.press('Escape');

  // Opened again, the library is drawn once its reads have answered: no frame shows an empty
  // library ("0 photos", the welcome) first, and the grid never appears before the folders and
  // problems above it (which pushed it down as they arrived), and nothing shifts (the top bar's
  // Rescan and count wrapped its last item to a second line). Every frame is recorded.
  await page.addInitScript(() => {
    const shifts: string[] = [];
    Object.assign(window, { openShifts: shifts });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources: { node?: Node }[] })[]) {
        if (!e.hadRecentInput) shifts.push(`${e.value.toFixed(4)} at ${Math.round(e.startTime)} ms: ${e.sources.map((x) => `${x.node?.nodeName}.${(x.node as Element | undefined)?.className ?? ''}`).join(', ')}`);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await recordFrames(page, () => {
    const count = document.querySelector('[aria-label="Photo count"]')?.textContent ?? '';
    return [
      /^0 photos/.test(count) ? 'zero' : '',
      document.querySelector('section.empty:not([hidden])') ? 'welcome' : '',
      document.querySelector('ul[aria-label="Folders"]') ? 'folders' : '',
      document.querySelector('details.problems') ? 'problems' : '',
      document.querySelector('img[data-damaged]') ? 'tiles' : '',
    ].filter(Boolean).join(' ');
  }, 120);
  await page.reload();
  await expect(photoCount(page)).toHaveText(new RegExp(`^${EXPECTED_TILES} photos`));
  const openFrames = await recordedFrames<string>(page, 120);
  const openShifts = await page.evaluate(() => (window as unknown as { openShifts: string[] }).openShifts);
  expect(openFrames.filter((f) => /zero|welcome/.test(f) || (/tiles/.test(f) && !/folders problems/.test(f)))).toEqual([]);
  expect(openFrames.at(-1)).toBe('folders problems tiles');
  expect(openShifts).toEqual([]);
  // A library with photos is not offered the demo, and its top bar is one line at 1,280 px (the
  // search box gives way): every item at the height of the first.
  await expect(page.getByRole('button', { name: 'Try the demo' })).toHaveCount(0);
  const tops = await page.locator('.topbar > *').evaluateAll((items) => items.map((el) => Math.round(el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2)));
  expect(tops.filter((y) => Math.abs(y - (tops[0] ?? 0)) > 2)).toEqual([]);
});

test('thumbnails are upright for all eight EXIF orientations (compared by pixels)', async ({ page }) => {
  // Small ones, and ones larger than the preview (resized on the way to their tile).
  const large = [1, 2, 3, 4, 5, 6, 7, 8].map((o) => ({ path: `orientation/large-${o}.jpg`, data: makeJpeg({ width: 1800, height: 1200, orientation: o, quality: 80 }) }));
  await page.goto('/');
  await installFolder(page, [...fixtureLibrary().filter((f) => f.path.startsWith('orientation/')), ...large]);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  for (const [name, width, height] of [['orientation', 96, 64], ['large', 512, 341]] as const) {
    for (let o = 1; o <= 8; o++) {
      const img = page.getByRole('img', { name: `${name}-${o}.jpg` });
      await expect(img).toHaveJSProperty('complete', true);
      const sample = await sampleQuadrants(img);
      expect({ name, o, width: sample.width, height: sample.height, ...quadrantsMatch(sample, QUADRANTS) })
        .toEqual({ name, o, width, height, tl: true, tr: true, bl: true, br: true });
    }
  }
});

test('waiting files show their embedded EXIF thumbnail, upright, before they are indexed', async ({ page }) => {
  // One 12 MP JPEG (orientation 6, with its camera thumbnail), made distinct by a trailer after
  // its End Of Image: decoding each takes a while, its embedded thumbnail is read at once.
  const base = makeJpeg({ width: 4000, height: 3000, orientation: 6, thumbnail: true, quality: 70, exif: { taken: '2017:08:01 09:00:00' } });
  const files = Array.from({ length: 8 }, (_, i) => ({ path: `big/IMG_${1000 + i}.jpg`, data: Buffer.concat([base, Buffer.from(`variant ${i}`)]) }));
  await page.goto('/');
  await installFolder(page, files);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();

  const standIn = page.locator('img[data-provisional]').first();
  await expect(standIn).toBeVisible();
  await expect(photoCount(page)).toHaveText(/^8 photos/);
  const doneSoFar = Number(/done (\d+)/.exec((await page.getByRole('status').filter({ hasText: /Found/ }).textContent()) ?? '')?.[1]);
  expect(doneSoFar).toBeLessThan(8);
  const sample = await sampleQuadrants(standIn);
  expect({ landscape: sample.width > sample.height, ...quadrantsMatch(sample, QUADRANTS, 50) })
    .toEqual({ landscape: true, tl: true, tr: true, bl: true, br: true });

  await waitForImportDone(page);
  await expect(page.locator('img[data-provisional]')).toHaveCount(0);
  await expect(photoCount(page)).toHaveText(/^8 photos/);
});

test('select all, while files are still being read, counts only the photos it can act on', async ({ page }) => {
  // Stand-ins (a waiting file's embedded thumbnail) are counted in the months but cannot be
  // selected: Ctrl+A says how many it selected without them.
  const base = makeJpeg({ width: 3000, height: 2000, thumbnail: true, quality: 70, exif: { taken: '2017:08:01 09:00:00' } });
  const files = Array.from({ length: 16 }, (_, i) => ({ path: `big/IMG_${2000 + i}.jpg`, data: Buffer.concat([base, Buffer.from(`variant ${i}`)]) }));
  await page.goto('/');
  await installFolder(page, files);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  const status = page.getByRole('status').filter({ hasText: /Found/ });
  const done = async () => Number(/done (\d+)/.exec((await status.textContent()) ?? '')?.[1] ?? 0);
  await expect.poll(done, { timeout: 60_000 }).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toContainText('Paused');
  const standIns = () => page.evaluate(() => new Promise<number>((resolve, reject) => {
    const open = indexedDB.open('shoebox');
    open.onsuccess = () => {
      const req = open.result.transaction('photos').objectStore('photos').count(IDBKeyRange.bound('pending:', 'pending:\uffff'));
      req.onsuccess = () => (open.result.close(), resolve(req.result));
      req.onerror = () => reject(req.error);
    };
    open.onerror = () => reject(open.error);
  }));
  // Paused: what was being read lands, then nothing changes.
  const snapshot = async () => `${await done()}/${await standIns()}`;
  await expect.poll(async () => {
    const before = await snapshot();
    await page.waitForTimeout(800);
    return before === (await snapshot());
  }, { timeout: 30_000 }).toBe(true);
  const [indexed, waiting] = [await done(), await standIns()];
  expect(waiting).toBeGreaterThan(0);
  await expect(photoCount(page)).toHaveText(new RegExp(`^${indexed + waiting} photos`));
  await page.getByRole('list', { name: 'Photos' }).getByRole('img').first().waitFor();
  const picked = page.getByRole('status').filter({ hasText: / selected$/ });
  await page.keyboard.press('Control+a');
  await expect(picked).toHaveText(`${indexed} selected`);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Resume' }).click();
  await waitForImportDone(page);
  await page.keyboard.press('Control+a');
  await expect(picked).toHaveText('16 selected');
});

test('photos a rescan adds move the rows already drawn down, without drawing their tiles again', async ({ page }) => {
  const photo = (name: string, taken: string, i: number) => ({ path: name, data: makeJpeg({ width: 96, height: 72, paint: scenePainter(96, 72, i + 1), exif: { taken } }) });
  await importFolder(page, [photo('old-1.jpg', '2015:06:01 10:00:00', 0), photo('old-2.jpg', '2015:06:02 10:00:00', 1)], 2);
  const tile = page.getByRole('button', { name: 'old-1.jpg' });
  await expect(tile.getByRole('img')).toHaveJSProperty('complete', true);
  const topBefore = await tile.evaluate((el) => {
    (el as HTMLElement & { kept?: boolean }).kept = true;
    return el.getBoundingClientRect().top;
  });
  // A newer month comes in above: every row below it moves (an import does this at every batch).
  await installFolder(page, [photo('new-1.jpg', '2020:06:01 10:00:00', 2)]);
  await page.getByRole('button', { name: 'Rescan' }).click();
  await waitForImportDone(page);
  await expect(photoCount(page)).toHaveText(/^3 photos/);
  await expect.poll(() => tile.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThan(topBefore);
  // The same element, moved: not made again (40–60 ms of the page's longest tasks while indexing).
  expect(await tile.evaluate((el) => (el as HTMLElement & { kept?: boolean }).kept === true)).toBe(true);
});

test('the keyboard’s focus stays on its photo while a rescan adds photos before it', async ({ page }) => {
  const photo = (name: string, taken: string, i: number) => ({ path: name, data: makeJpeg({ width: 96, height: 72, paint: scenePainter(96, 72, i + 1), exif: { taken } }) });
  await importFolder(page, [photo('june-1.jpg', '2015:06:01 10:00:00', 0), photo('june-2.jpg', '2015:06:02 10:00:00', 1), photo('june-3.jpg', '2015:06:03 10:00:00', 2)], 3);
  // Tab into the grid (its first photo, the newest), then to the second.
  const first = page.getByRole('list', { name: 'Photos' }).getByRole('button', { name: 'june-3.jpg' });
  await expect(first.getByRole('img')).toHaveJSProperty('complete', true);
  await first.focus();
  await page.keyboard.press('ArrowRight');
  const focused = page.locator('.grid-scroller :focus');
  await expect(focused).toHaveAccessibleName('june-2.jpg');
  // Another tab indexes a newer photo in the same month and a newer month (here the person goes
  // on by keyboard): every place after them moves on.
  await installFolder(page, [photo('june-9.jpg', '2015:06:09 10:00:00', 3), photo('later.jpg', '2020:06:01 10:00:00', 4)]);
  const other = await page.context().newPage();
  await other.goto('/');
  await other.getByRole('button', { name: 'Rescan' }).click();
  await waitForImportDone(other);
  await expect(photoCount(page)).toHaveText(/^5 photos/);
  await expect(page.getByRole('list', { name: 'Photos' }).getByRole('img', { name: 'june-9.jpg' })).toBeVisible();
  // The focus followed its photo, and the arrows go on from there.
  await expect(focused).toHaveAccessibleName('june-2.jpg');
  await waitForImportDone(page, 10_000);
  await page.screenshot({ path: 'test-results/screenshots/grid-focus-follows.png' });
  await page.keyboard.press('ArrowRight');
  await expect(focused).toHaveAccessibleName('june-1.jpg');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(focused).toHaveAccessibleName('june-3.jpg');
});
