import { expect, test } from './fixtures';
import { recordLongTasks, settled } from './helpers';
import { openLibrary100k, test100k } from './synthetic';

// Tagged @alone to share the worker's 100,000-photo library with the other tests here (writing
// one takes about 50 s); nothing in it is timed.
test100k('a 100,000-photo library: the grid and search results keep a small DOM and reach the oldest photo by keyboard', { tag: '@alone' }, async ({ libraryPage: page }) => {
  test.setTimeout(120_000);
  await openLibrary100k(page);
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
  // The frame that first shows the answer draws the screen's rows; the rows kept beyond it (the
  // overscan) are drawn bare and get their tiles a frame later (PhotoGrid's first rows).
  const firstFrame = await page.evaluate(() => {
    const box = document.querySelector<HTMLInputElement>('input[type="search"]') as HTMLInputElement;
    box.value = 'camera:canon';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    return new Promise<{ bare: number; tiles: number; below: number }>((resolve) => {
      const look = () => {
        const list = document.querySelector('[role="list"][aria-label="Results"]');
        if (!document.querySelector('[aria-label="Search results"]')?.textContent?.includes('“camera:canon”') || !list) return requestAnimationFrame(look);
        const bottom = (list.closest('.grid-scroller') as HTMLElement).getBoundingClientRect().bottom;
        const tiles = [...list.querySelectorAll('.tile')];
        resolve({ bare: list.querySelectorAll('.tile-ghosts').length, tiles: tiles.length, below: tiles.filter((t) => t.getBoundingClientRect().top > bottom).length });
      };
      look();
    });
  });
  expect(firstFrame.tiles).toBeGreaterThan(0);
  expect(firstFrame.below).toBe(0);
  expect(firstFrame.bare).toBeGreaterThan(0);
  await expect(page.getByRole('status', { name: 'Search results' })).toHaveText('25,000 photos show “camera:canon”');
  const results = page.getByRole('list', { name: 'Results' });
  await expect(results.getByRole('listitem', { name: /^Photos, shown (when the timeline is let go|in a moment)$/ })).toHaveCount(0);
  expect(await results.getByRole('listitem').count()).toBeGreaterThan(firstFrame.tiles);
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

test100k('in a 100,000-photo library, the timeline scrubber is dragged to a year, and stepped by keys, without a long task', { tag: '@alone' }, async ({ libraryPage: page }) => {
  // The long tasks are watched from the page's start, and the drag waits until the page has had
  // two quiet seconds and the machine is idle (after each load the app's workers keep these two
  // cores 60–75 % busy for 7–10 s: a page task that loses its core lasts longer).
  test.setTimeout(120_000);
  await recordLongTasks(page);
  await openLibrary100k(page);
  const grid = page.getByRole('list', { name: 'Photos' });
  await expect(grid.getByRole('img', { name: 'IMG_000000.jpg' })).toBeVisible();
  const scrubber = page.getByRole('slider', { name: 'Timeline' });
  // The newest photo is the first hour of 2024, the only one of its month.
  await expect(scrubber).toHaveAttribute('aria-valuetext', 'January 2024');
  // Its years come from the month counts: 2023 back to 2012 (one photo an hour back from 2024).
  for (const year of ['2023', '2019', '2016', '2013']) await expect(scrubber.getByText(year, { exact: true })).toBeVisible();
  await settled(page);

  const start = await page.evaluate(() => performance.now());
  // Drag from the top to the bottom and back up to 2016's label, a frame's worth of motion at a time.
  const track = (await scrubber.boundingBox())!;
  const year = (await scrubber.getByText('2016', { exact: true }).boundingBox())!;
  const x = track.x + track.width / 2;
  await page.mouse.move(x, track.y + 2);
  await page.mouse.down();
  const frames = 60;
  for (let i = 1; i <= frames; i++) {
    await page.mouse.move(x, track.y + 2 + ((track.height - 4) * i) / frames);
    if (i % 10 === 0) await expect(grid.getByRole('listitem').first()).toBeVisible();
  }
  for (let i = 1; i <= frames / 2; i++) await page.mouse.move(x, track.y + track.height - 2 - ((track.y + track.height - 2 - (year.y + 2)) * i) / (frames / 2));
  await page.mouse.up();
  // The grid is in 2016, its tiles read for that screenful, and the slider says where.
  await expect(scrubber).toHaveAttribute('aria-valuetext', /2016$/);
  // Until that screenful's photos are read (the drag passed over empty tiles), long tasks count.
  await expect(grid.getByRole('img').first()).toBeVisible();
  await expect(grid.getByRole('img', { name: 'Loading photo' })).toHaveCount(0);
  // The month where the grid came to rest (the drag lets go near 2016's first month, December:
  // read before the grid has settled, it could still say November).
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const month = (await scrubber.getAttribute('aria-valuetext'))!;
  expect(month).toMatch(/2016$/);
  const end = await page.evaluate(() => performance.now());
  const long = await page.evaluate(() => (window as unknown as { longTasks: [number, number][] }).longTasks);
  const during = long.filter(([at, ms]) => at < end && at + ms > start);
  expect(during, `long tasks while dragging: ${JSON.stringify(during)}`).toEqual([]);

  // The keyboard: a month with the arrows, a year with Page Up and Page Down, the ends with Home and End.
  await scrubber.focus();
  const monthBefore = (n: number, from: string) => {
    const d = new Date(`1 ${from} UTC`);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - n, 1)).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  };
  await page.keyboard.press('PageDown');
  await expect(scrubber).toHaveAttribute('aria-valuetext', monthBefore(12, month));
  await page.keyboard.press('ArrowUp');
  await expect(scrubber).toHaveAttribute('aria-valuetext', monthBefore(11, month));
  await page.keyboard.press('PageUp');
  await expect(scrubber).toHaveAttribute('aria-valuetext', monthBefore(-1, month));
  await page.keyboard.press('End');
  await expect(scrubber).toHaveAttribute('aria-valuetext', 'August 2012');
  await expect(grid.getByRole('img', { name: 'IMG_099999.jpg' })).toBeVisible();
  await page.keyboard.press('ArrowUp');
  await expect(scrubber).toHaveAttribute('aria-valuetext', 'September 2012');
  await page.keyboard.press('Home');
  await expect(scrubber).toHaveAttribute('aria-valuetext', 'January 2024');
  await expect(grid.getByRole('img', { name: 'IMG_000000.jpg' })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(scrubber).toHaveAttribute('aria-valuetext', 'December 2023');
  await page.keyboard.press('ArrowDown');
  await expect(scrubber).toHaveAttribute('aria-valuetext', 'November 2023');
  await expect(grid.getByRole('heading', { name: 'November 2023' })).toBeInViewport();
  await page.screenshot({ path: test.info().outputPath('scrubber.png') });
});
