import { makeJpeg, scenePainter } from '../fixtures/photos.mjs';
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { importFolder, installFolder, recordedFrames, recordFrames, tileNames } from './helpers';

/** Today, as the test's clock has it (the page's local time): memories are the days around 15 June. */
const TODAY = new Date('2026-06-15T10:00:00');

/** Photos by their wall-clock time; newest first as the timeline shows them. */
const TAKEN: Record<string, string> = {
  'today.jpg': '2026:06:15 08:00:00', // this year: not a memory
  'late.jpg': '2025:06:19 00:30:00', // a day past the window
  'edge-after.jpg': '2025:06:18 20:00:00', // last day of the window (+3)
  'on-the-day.jpg': '2025:06:15 09:00:00',
  'edge-before.jpg': '2024:06:12 08:00:00', // first day of the window (-3)
  'too-early.jpg': '2023:06:11 23:00:00', // a day before it
  'spring.jpg': '2022:05:02 12:00:00',
  'winter-1.jpg': '2022:01:05 12:00:00',
  'winter-2.jpg': '2022:01:06 12:00:00',
};
/** The accessible names given by aria-label, in document order. */
const labels = (list: Locator) => list.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));

/** The folders some of them live in (the rest at the top of the granted folder "Photos"). */
const FOLDER: Record<string, string> = { 'spring.jpg': '2022/', 'winter-1.jpg': '2022/Winter/', 'winter-2.jpg': '2022/Winter/', 'too-early.jpg': 'Old/' };
const jpeg = (name: string, taken: string, i: number) => ({ path: `${FOLDER[name] ?? ''}${name}`, data: makeJpeg({ width: 96, height: 72, paint: scenePainter(96, 72, i + 1), exif: { taken } }) });
const FILES = Object.entries(TAKEN).map(([name, taken], i) => jpeg(name, taken, i));

test('calendar counts and a jump into the timeline; on this day for a fixed today; a private photo leaves both; memories turned off; folders with counts, after a rescan', async ({ page }) => {
  await page.clock.setFixedTime(TODAY);
  await importFolder(page, FILES, 9);

  // On this day: 2025 and 2024 (the days 12–18 June), newest year first; 2023's photo is a day early.
  const memories = page.getByRole('region', { name: 'On this day' });
  await expect.poll(() => labels(memories.getByRole('region'))).toEqual(['2025, 2 photos', '2024, 1 photo']);
  await expect(memories.getByRole('heading', { level: 3 })).toHaveText(['A year ago · 2025Show in search', '2 years ago · 2024Show in search']);
  const y2025 = memories.getByRole('region', { name: '2025, 2 photos' });
  await expect.poll(() => labels(y2025.getByRole('button'))).toEqual(['edge-after.jpg', 'on-the-day.jpg']);
  await expect(y2025.locator('img')).toHaveCount(2); // thumbnails (decorative: the buttons carry the names)
  await page.screenshot({ path: 'test-results/screenshots/memories.png' });

  // A memory opens in the viewer; made private there, it leaves the strip (and the calendar below).
  await y2025.getByRole('button', { name: 'on-the-day.jpg' }).click();
  const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  await expect(viewer).toContainText('on-the-day.jpg');
  await viewer.getByRole('button', { name: 'Private' }).click();
  await expect(viewer.getByRole('button', { name: 'Private' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect.poll(() => labels(memories.getByRole('region', { name: '2025, 1 photo' }).getByRole('button'))).toEqual(['edge-after.jpg']);
  // "Show in search": the memory's days, whole.
  await memories.getByRole('region', { name: '2024, 1 photo' }).getByRole('link', { name: 'Show in search' }).click();
  await expect(page.getByRole('status', { name: 'Search results' })).toHaveText('1 photo shows “after:2024-06-11 before:2024-06-19”');

  // The calendar, by keyboard: years newest first with their counts, then months with theirs.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
  await expect(page.getByRole('navigation', { name: 'Years' }).getByRole('button')).toHaveText(['2026', '2025', '2024', '2023', '2022']);
  await expect(page.getByRole('heading', { level: 3 })).toHaveText(['2026 1 photo', '2025 2 photos', '2024 1 photo', '2023 1 photo', '2022 3 photos']);
  await expect.poll(() => labels(page.getByRole('region', { name: /^2022/ }).getByRole('link'))).toEqual(['May 2022, 1 photo', 'January 2022, 2 photos']);
  await expect.poll(() => labels(page.getByRole('region', { name: /^2025/ }).getByRole('link'))).toEqual(['June 2025, 2 photos']);
  await page.screenshot({ path: 'test-results/screenshots/calendar.png' });
  await page.getByRole('navigation', { name: 'Years' }).getByRole('button', { name: '2022' }).press('Enter');
  await expect(page.getByRole('heading', { name: /^2022/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'January 2022, 2 photos' })).toBeFocused();
  await page.keyboard.press('Enter');
  // The timeline opens at January 2022, which lies below the fold unscrolled.
  await expect(page).toHaveURL(/#\/\?at=2022-01$/);
  const grid = page.getByRole('list', { name: 'Photos' });
  await expect(grid.getByRole('button', { name: 'winter-2.jpg' })).toBeInViewport();
  await expect(grid.getByRole('button', { name: 'today.jpg' })).not.toBeInViewport();
  // The grid's one tab stop is that month's first photo (not the newest, which would scroll back up).
  await expect(grid.locator('[tabindex="0"]')).toHaveAccessibleName('winter-2.jpg');

  // Memories can be turned off; the choice is kept; turned on again, they are back.
  const settings = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' });
  const library = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' });
  const toggle = page.getByRole('checkbox', { name: /On this day/ });
  await settings.click();
  await toggle.uncheck();
  await library.click();
  await expect(grid.getByRole('button', { name: 'today.jpg' })).toBeVisible();
  await expect(memories).toHaveCount(0);
  await page.reload();
  await settings.click();
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await library.click();
  await expect(memories.getByRole('region', { name: '2024, 1 photo' })).toBeVisible();

  // Folders: the granted folder's tree with photo counts (a private photo counts: the tree is
  // read from the files), a folder's photos in the results grid, by keyboard.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Folders' }).click();
  const folders = page.getByRole('list', { name: 'Folders' });
  await expect.poll(() => labels(folders.getByRole('link'))).toEqual(['Photos, 9 photos', '2022, 3 photos', 'Winter, 2 photos', 'Old, 1 photo']);
  await page.screenshot({ path: 'test-results/screenshots/folders.png' });
  await folders.getByRole('link', { name: 'Winter, 2 photos' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status', { name: 'Search results' })).toHaveText('2 photos show “folder:Photos/2022/Winter”');
  await expect.poll(() => tileNames(page, 'Results')).toEqual(['winter-2.jpg', 'winter-1.jpg']);
  // A photo added to the folder on disk counts after a rescan.
  await installFolder(page, [jpeg('winter-3.jpg', '2022:01:07 12:00:00', 9)].map((f) => ({ ...f, path: `2022/Winter/${f.path}` })));
  await library.click();
  await page.getByRole('button', { name: 'Rescan' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Folders' }).click();
  await expect.poll(() => labels(folders.getByRole('link')), { timeout: 30_000 }).toEqual(['Photos, 10 photos', '2022, 4 photos', 'Winter, 3 photos', 'Old, 1 photo']);
});

test('on this day shows ten years at first, and more years on request', async ({ page }) => {
  await page.clock.setFixedTime(TODAY);
  // One photo on 15 June of each of twelve earlier years.
  const years = Array.from({ length: 12 }, (_, i) => 2025 - i);
  await importFolder(page, years.map((y, i) => jpeg(`june-${y}.jpg`, `${y}:06:15 09:00:00`, i)), 12);
  const memories = page.getByRole('region', { name: 'On this day' });
  await expect.poll(() => labels(memories.getByRole('region'))).toEqual(years.slice(0, 10).map((y) => `${y}, 1 photo`));
  await expect(memories.getByRole('button', { name: 'june-2016.jpg' })).toBeVisible();
  await expect(memories.locator('img')).toHaveCount(10);
  await memories.getByRole('button', { name: '2 more years' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/memories-more-years.png' });
  await memories.getByRole('button', { name: '2 more years' }).click();
  await expect.poll(() => labels(memories.getByRole('region'))).toEqual(years.map((y) => `${y}, 1 photo`));
  await expect(memories.locator('img')).toHaveCount(12);
  await expect(memories.getByRole('button', { name: /more year/ })).toHaveCount(0);
  await memories.getByRole('button', { name: 'june-2014.jpg' }).click();
  await expect(page.getByRole('dialog', { name: 'Photo viewer' })).toContainText('june-2014.jpg');

  // Opened again, the strip's band is in place before its photos are read (they wait for the
  // grid's first screenful): filling it moves nothing on the page. Looked at in the first frame
  // the grid is in, and once the photos are in.
  await recordFrames(page, () => {
    if (!document.querySelector('[aria-label="Photos"]')) return undefined;
    const band = document.querySelector('[aria-labelledby="memories-h"]');
    return { band: band?.getBoundingClientRect().height ?? 0, busy: band?.getAttribute('aria-busy') ?? null };
  }, 1);
  await page.reload();
  await expect(memories.locator('img')).toHaveCount(10);
  const [firstSeen] = await recordedFrames<{ band: number; busy: string | null }>(page, 1);
  expect(firstSeen).toEqual({ band: (await memories.boundingBox())?.height, busy: 'true' });
  await expect(memories).toHaveAttribute('aria-busy', 'false');
});

test('at a phone’s width every page of the main menu is in view, each name on one line', async ({ page }) => {
  // The menu's links ran off the right edge below about 900 px (People, Duplicates and Settings
  // out of reach at 600), and "Albums & labels" broke over three lines.
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('/');
  const menu = page.getByRole('navigation', { name: 'Main' });
  await expect(menu.getByRole('link')).toHaveCount(9);
  const links = await menu.getByRole('link').all();
  const oneLine = await menu.getByRole('link', { name: 'Calendar' }).evaluate((a) => a.getBoundingClientRect().height);
  for (const link of links) {
    await expect(link).toBeInViewport({ ratio: 1 });
    expect(await link.evaluate((a) => a.getBoundingClientRect().height)).toBeLessThan(oneLine * 1.5); // (the current page's has a 2 px underline)
  }
  await menu.getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/#\/settings$/);
});
