import { makeJpeg } from '../fixtures/photos.mjs';
import { expect, test } from './fixtures';
import { importFolder, photoCount, recordLongTasks, searchFor, settled, tileNames } from './helpers';
import { openLibrary100k, openSyntheticLibrary, test100k } from './synthetic';

/** Six photos, three in July 2019 and three in June, newest first as the timeline shows them. */
const DAYS = ['2019:07:20', '2019:07:18', '2019:07:16', '2019:06:20', '2019:06:18', '2019:06:16'];
const FILES = DAYS.map((day, i) => ({ path: `p${i + 1}.jpg`, data: makeJpeg({ width: 64, height: 48, paint: () => [30 * i, 90, 200 - 30 * i], exif: { taken: `${day} 10:00:00` } }) }));

test('select by click, Shift+click, month and all; add to an album, favourite, archive; reload; undo', async ({ page }) => {
  await importFolder(page, FILES, 6);
  const grid = page.getByRole('list', { name: 'Photos' });
  const check = (name: string) => grid.getByRole('checkbox', { name: `Select ${name}` });
  const bar = page.getByRole('toolbar', { name: 'Selection' });
  const toast = page.getByRole('status', { name: 'Last change' });

  // A check mark, then a Shift+click: p1 to p3. Clicking a tile now selects instead of opening.
  await check('p1.jpg').click();
  await expect(bar.getByRole('status')).toHaveText('1 selected');
  await check('p3.jpg').click({ modifiers: ['Shift'] });
  await expect(bar.getByRole('status')).toHaveText('3 selected');
  await grid.getByRole('button', { name: 'p2.jpg' }).click();
  await expect(bar.getByRole('status')).toHaveText('2 selected');
  await grid.getByRole('button', { name: 'p2.jpg' }).click();
  await page.screenshot({ path: test.info().outputPath('selection.png') });
  await bar.getByRole('combobox', { name: 'Album' }).fill('Trip');
  await bar.getByRole('button', { name: 'Add to album' }).click();
  await expect(toast).toContainText('Added 3 photos to Trip');
  await expect(bar).toBeHidden();

  // A month header selects its month.
  await page.getByRole('button', { name: 'Select June 2019' }).click();
  await expect(bar.getByRole('status')).toHaveText('3 selected');
  await bar.getByRole('button', { name: 'Favorite', exact: true }).click();
  await expect(toast).toContainText('Favourited 3 photos');
  // Done, the batch lets go of its selection.
  await expect(bar).toBeHidden();

  // Everything, then Escape; then p2 alone, archived: it leaves the timeline.
  await page.keyboard.press('ControlOrMeta+a');
  await expect(bar.getByRole('status')).toHaveText('6 selected');
  await page.keyboard.press('Escape');
  await expect(bar).toBeHidden();

  // A long press on p5 with nothing selected (a finger: real touch events through the DevTools
  // protocol) selects it, where a tap would open it; then a rectangle dragged with the mouse from
  // p1 into p2 adds both.
  const box = async (name: string) => (await grid.getByRole('button', { name }).boundingBox())!;
  const b5 = await box('p5.jpg');
  const cdp = await page.context().newCDPSession(page);
  const finger = { x: b5.x + b5.width / 2, y: b5.y + b5.height / 2 };
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [finger] });
  await page.waitForTimeout(700);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await expect(bar.getByRole('status')).toHaveText('1 selected');
  await expect(check('p5.jpg')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByRole('dialog', { name: 'Photo viewer' })).toHaveCount(0);
  // (Measured now: the selection bar that opened moved the grid down.)
  const [b1, b2] = [await box('p1.jpg'), await box('p2.jpg')];
  await page.mouse.move(b1.x + b1.width / 2, b1.y + b1.height / 2);
  await page.mouse.down();
  await page.mouse.move(b1.x + b1.width - 4, b1.y + b1.height / 2 + 6, { steps: 4 });
  await page.mouse.move(b2.x + b2.width / 2, b2.y + b2.height / 2 + 12, { steps: 4 });
  await page.mouse.up();
  await expect(bar.getByRole('status')).toHaveText('3 selected');
  await expect(check('p2.jpg')).toHaveAttribute('aria-checked', 'true');
  await expect(check('p3.jpg')).toHaveAttribute('aria-checked', 'false');
  await page.keyboard.press('Escape');
  await expect(bar).toBeHidden();
  await check('p2.jpg').click();
  await bar.getByRole('button', { name: 'Archive' }).click();
  await expect(toast).toContainText('Archived 1 photo');
  await expect(photoCount(page)).toHaveText(/^5 photos/);

  // All of it is stored: after a reload, the album, the favourites and the archive.
  await page.reload();
  await expect(photoCount(page)).toHaveText(/^5 photos/);
  expect(await searchFor(page, 'album:Trip')).toEqual(['p1.jpg', 'p3.jpg']);
  expect(await searchFor(page, 'favorite:true')).toEqual(['p4.jpg', 'p5.jpg', 'p6.jpg']);
  await page.getByRole('link', { name: 'Archive' }).click();
  await expect(page.getByRole('status', { name: 'Search results' })).toHaveText('1 photo shows “archived:true”');
  await expect(page.getByRole('list', { name: 'Results' }).getByRole('img', { name: 'p2.jpg' })).toBeVisible();

  // Undo survives the reload: the toast's Undo brings p2 back, Ctrl/Cmd+Z takes the favourites away.
  await page.getByRole('link', { name: 'Library' }).click();
  await expect(toast).toContainText('Archived 1 photo');
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(photoCount(page)).toHaveText(/^6 photos/);
  await expect(toast).toContainText('Favourited 3 photos');
  await page.keyboard.press('ControlOrMeta+z');
  await expect(toast).toContainText('Added 3 photos to Trip');
  expect(await searchFor(page, 'favorite:true')).toEqual([]);
  expect(await searchFor(page, 'album:Trip')).toEqual(['p1.jpg', 'p2.jpg', 'p3.jpg']);

  // Archived again, then brought back from the archive's own view with Unarchive.
  await page.getByRole('combobox', { name: 'Search' }).fill('');
  await page.getByRole('link', { name: 'Library' }).click();
  await check('p6.jpg').click();
  await bar.getByRole('button', { name: 'Archive' }).click();
  await expect(toast).toContainText('Archived 1 photo');
  await expect(photoCount(page)).toHaveText(/^5 photos/);
  await page.getByRole('link', { name: 'Archive' }).click();
  await page.getByRole('list', { name: 'Results' }).getByRole('checkbox', { name: 'Select p6.jpg' }).click();
  await bar.getByRole('button', { name: 'Unarchive' }).click();
  await expect(page.getByRole('status', { name: 'Search results' })).toHaveText('0 photos show “archived:true”');
  await page.getByRole('link', { name: 'Library' }).click();
  await expect(photoCount(page)).toHaveText(/^6 photos/);

  // `?` lists the shortcuts; Escape closes the list.
  await page.getByRole('combobox', { name: 'Search' }).fill('');
  await grid.getByRole('button', { name: 'p1.jpg' }).focus();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Select every photo in the view');
  await expect(help).toContainText('Change the date and time of the selection');
  await expect(help).toContainText('Rotate the selection');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // The camera clock was 30 days 1 h 12 min slow: p5 and p6 (18 and 16 June) move to July, between
  // the July photos; the order stays after a reload, and undo puts them back.
  const order = () => expect.poll(() => tileNames(page));
  await check('p6.jpg').click();
  await check('p5.jpg').click({ modifiers: ['Shift'] });
  // D opens the dialog (the Date and time… button does too).
  await page.keyboard.press('d');
  const dialog = page.getByRole('dialog', { name: 'Date and time' });
  await expect(dialog).toContainText('2 photos, taken at different times; time zone unknown.');
  await dialog.getByRole('spinbutton', { name: 'Days' }).fill('30');
  await dialog.getByRole('spinbutton', { name: 'Hours' }).fill('1');
  await dialog.getByRole('spinbutton', { name: 'Minutes' }).fill('12');
  await expect(dialog.getByRole('combobox', { name: 'Direction' })).toHaveValue('later');
  await page.screenshot({ path: test.info().outputPath('date-dialog.png') });
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(toast).toContainText('Shifted 2 photos 30 days 1 h 12 min later');
  await order().toEqual(['p1.jpg', 'p5.jpg', 'p2.jpg', 'p6.jpg', 'p3.jpg', 'p4.jpg']);
  await page.reload();
  await order().toEqual(['p1.jpg', 'p5.jpg', 'p2.jpg', 'p6.jpg', 'p3.jpg', 'p4.jpg']);
  await grid.getByRole('button', { name: 'p5.jpg' }).click();
  await expect(page.getByRole('dialog', { name: 'Photo viewer' })).toContainText(/Jul 18, 2019.*11:12.*\(edited\)/);
  await page.keyboard.press('Escape');
  await expect(toast).toContainText('Shifted 2 photos');
  await page.keyboard.press('ControlOrMeta+z');
  await order().toEqual(['p1.jpg', 'p2.jpg', 'p3.jpg', 'p4.jpg', 'p5.jpg', 'p6.jpg']);

  // R turns the selection right: the tile turns, and the viewer shows it upright as turned (a
  // landscape photo stands); Shift+R in the viewer turns it back; undo turns it right again.
  await check('p1.jpg').click();
  await page.keyboard.press('r');
  await expect(toast).toContainText('Rotated 1 photo right');
  await expect(grid.getByRole('img', { name: 'p1.jpg' })).toHaveAttribute('style', /rotate\(90deg\)/);
  await grid.getByRole('button', { name: 'p1.jpg' }).click();
  const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  const picture = viewer.getByRole('img', { name: 'p1.jpg' });
  await expect(picture).toHaveAttribute('style', /rotate\(90deg\)/);
  const turned = await picture.boundingBox();
  expect(turned && turned.height / turned.width).toBeCloseTo(64 / 48, 1);
  await page.screenshot({ path: test.info().outputPath('rotated-viewer.png') });
  await page.keyboard.press('Shift+R');
  await expect(picture).not.toHaveAttribute('style', /rotate/);
  await page.keyboard.press('Escape');
  await expect(toast).toContainText('Rotated 1 photo left');
  await expect(grid.getByRole('img', { name: 'p1.jpg' })).not.toHaveAttribute('style', /rotate/);
  await page.keyboard.press('ControlOrMeta+z');
  await expect(grid.getByRole('img', { name: 'p1.jpg' })).toHaveAttribute('style', /rotate\(90deg\)/);

  // Labels for many: L lists the selection's labels with their counts; a new one goes to all, +
  // gives one to all, − takes it off all; each is one batch, undone with Ctrl/Cmd+Z (the dialog
  // keeps the selection until Done).
  await check('p1.jpg').click();
  await check('p2.jpg').click();
  await page.keyboard.press('l');
  const labels = page.getByRole('dialog', { name: 'Labels' });
  const listed = labels.getByRole('list', { name: 'Labels of the selection' });
  await labels.getByRole('textbox', { name: 'New label' }).fill('Beach');
  await labels.getByRole('button', { name: 'Add to all' }).click();
  await expect(toast).toContainText('Labelled 2 photos beach');
  await expect(listed.getByRole('listitem').filter({ hasText: 'beach' })).toContainText('all');
  await labels.getByRole('button', { name: 'Done' }).click();
  await page.keyboard.press('Escape');
  await check('p3.jpg').click();
  await check('p2.jpg').click();
  await bar.getByRole('button', { name: 'Labels…' }).click();
  await expect(listed.getByRole('listitem').filter({ hasText: 'beach' })).toContainText('1 of 2');
  await page.screenshot({ path: test.info().outputPath('labels-dialog.png') });
  await listed.getByRole('button', { name: 'Add beach to all' }).click();
  await expect(toast).toContainText('Labelled 1 photo beach');
  await listed.getByRole('button', { name: 'Take beach off all' }).click();
  await expect(toast).toContainText('Took the label beach off 2 photos');
  await expect(listed.getByRole('listitem').filter({ hasText: 'beach' })).toBeHidden();
  await labels.getByRole('button', { name: 'Done' }).click();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(toast).toContainText('Labelled 1 photo beach');
  // The selection's bar covers the top bar, search box included (as the searched view has its own selection).
  await expect(page.getByRole('combobox', { name: 'Search' })).toBeHidden();
  await page.keyboard.press('Escape');
  expect(await searchFor(page, 'label:beach')).toEqual(['p1.jpg', 'p2.jpg', 'p3.jpg']);

  // Albums you can manage: one made empty is listed; Trip's page picks a cover, is ordered by hand
  // (Alt+Home, then a drag), kept after a reload, renamed, then deleted with its photos staying.
  await page.getByRole('link', { name: 'Albums & labels' }).click();
  const albums = page.getByRole('region', { name: 'Albums' });
  await albums.getByRole('textbox', { name: 'New album' }).fill('Empty one');
  await albums.getByRole('button', { name: 'Create album' }).click();
  await expect(albums.getByRole('link', { name: /Empty one\s*0 photos/ })).toBeVisible();
  await albums.getByRole('link', { name: /Trip/ }).click();
  const albumPage = page.getByRole('region', { name: 'Album Trip' });
  await page.getByRole('list', { name: 'Results' }).getByRole('checkbox', { name: 'Select p2.jpg' }).click();
  await albumPage.getByRole('button', { name: 'Use as cover' }).click();
  await albumPage.getByRole('combobox', { name: 'Order' }).selectOption('By hand');
  const arranged = albumPage.getByRole('list', { name: 'Album, in your order' });
  const inOrder = () => expect.poll(() => arranged.getByRole('button', { name: /of 3$/ }).evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')?.split(',')[0])));
  await inOrder().toEqual(['p1.jpg', 'p2.jpg', 'p3.jpg']);
  await arranged.getByRole('button', { name: 'p3.jpg, 3 of 3' }).press('Alt+Home');
  await inOrder().toEqual(['p3.jpg', 'p1.jpg', 'p2.jpg']);
  await arranged.getByRole('button', { name: 'p2.jpg, 3 of 3' }).dragTo(arranged.getByRole('button', { name: 'p3.jpg, 1 of 3' }));
  await inOrder().toEqual(['p2.jpg', 'p3.jpg', 'p1.jpg']);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('album-by-hand.png') });
  await page.reload();
  await inOrder().toEqual(['p2.jpg', 'p3.jpg', 'p1.jpg']);
  // Ctrl/⌘+A selects the album as ordered by hand: a slideshow of the selection starts with p2.
  await page.keyboard.press('ControlOrMeta+a');
  await expect(bar.getByRole('status')).toHaveText('3 selected');
  await bar.getByRole('button', { name: 'Slideshow' }).click();
  await expect(page.getByRole('dialog', { name: 'Slideshow' }).getByRole('img', { name: 'p2.jpg' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(bar).toBeHidden();
  // The viewer steps through the hand order too: p2, p3, p1.
  await arranged.getByRole('button', { name: 'p2.jpg, 1 of 3' }).click();
  const stepped = page.getByRole('dialog', { name: 'Photo viewer' });
  await expect(stepped.getByRole('img', { name: 'p2.jpg' })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(stepped.getByRole('img', { name: 'p3.jpg' })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(stepped.getByRole('img', { name: 'p1.jpg' })).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(stepped.getByRole('img', { name: 'p3.jpg' })).toBeVisible();
  await page.keyboard.press('Escape');

  // Rename, undone with Ctrl/⌘+Z: the page follows the name back, the order kept; then renamed again.
  const rename = async (from: string, to: string) => {
    const panel = page.getByRole('region', { name: `Album ${from}` });
    await panel.getByRole('button', { name: 'Rename…' }).click();
    await panel.getByRole('textbox', { name: 'Album name' }).fill(to);
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect(toast).toContainText(`Renamed the album ${from} to ${to}`);
  };
  await rename('Trip', 'Lisbon');
  const lisbon = page.getByRole('region', { name: 'Album Lisbon' });
  await expect(lisbon.getByRole('heading', { name: 'Lisbon' })).toBeVisible();
  await expect(lisbon.getByRole('list', { name: 'Album, in your order' }).getByRole('button', { name: 'p2.jpg, 1 of 3' })).toBeVisible();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(albumPage.getByRole('heading', { name: 'Trip' })).toBeVisible();
  await inOrder().toEqual(['p2.jpg', 'p3.jpg', 'p1.jpg']);
  await rename('Trip', 'Lisbon');

  // Deleted: the photos stay; the toast's Undo brings the album back, its order too.
  await lisbon.getByRole('button', { name: 'Delete album…' }).click();
  await lisbon.getByRole('group', { name: 'Delete album' }).getByRole('button', { name: 'Delete' }).click();
  await expect(toast).toContainText('Deleted the album Lisbon (its 3 photos stay)');
  await expect(photoCount(page)).toHaveText(/^6 photos/);
  await page.getByRole('link', { name: 'Albums & labels' }).click();
  await expect(albums.getByRole('link', { name: /Empty one/ })).toBeVisible();
  await expect(albums.getByRole('link', { name: /Lisbon|Trip/ })).toHaveCount(0);
  await page.getByRole('link', { name: 'Library' }).click();
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(toast).toContainText('Renamed the album Trip to Lisbon');
  await page.getByRole('link', { name: 'Albums & labels' }).click();
  await albums.getByRole('link', { name: /Lisbon\s*3 photos/ }).click();
  await expect(lisbon.getByRole('list', { name: 'Album, in your order' }).getByRole('button', { name: 'p2.jpg, 1 of 3' })).toBeVisible();
  await page.getByRole('link', { name: 'Library' }).click();
  await page.getByRole('combobox', { name: 'Search' }).fill('');
  await expect(photoCount(page)).toHaveText(/^6 photos/);

  // A slideshow of the view: → steps, Space pauses, Escape leaves.
  await page.getByRole('button', { name: 'Slideshow' }).click();
  const show = page.getByRole('dialog', { name: 'Slideshow' });
  await expect(show.getByRole('img', { name: 'p1.jpg' })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(show.getByRole('status', { name: 'Slide' })).toHaveText('2 of 6');
  await expect(show.getByRole('img', { name: 'p2.jpg' })).toBeVisible();
  await page.keyboard.press(' ');
  await expect(show.getByRole('status', { name: 'Slide' })).toHaveText('2 of 6 · Paused');
  await page.screenshot({ path: test.info().outputPath('slideshow.png') });
  await page.keyboard.press('Escape');
  await expect(show).toBeHidden();
});

test100k('in a 100,000-photo library, a month, a range and everything are selected without a long task', { tag: '@alone' }, async ({ libraryPage: page }) => {
  test.setTimeout(120_000);
  // Every task on the UI thread over 50 ms from the page's start (Chromium's long tasks), and when
  // each selecting step ran: none may overlap a step.
  await recordLongTasks(page);
  await openLibrary100k(page);
  const grid = page.getByRole('list', { name: 'Photos' });
  await expect(grid.getByRole('img', { name: 'IMG_000001.jpg' })).toBeVisible();
  const now = () => page.evaluate(() => performance.now());
  // The load's own work first (the timeline's months, the search worker reading its postings, the
  // collection of what the load left): selecting starts as a person's first click would come.
  // (The CI once counted a 68 ms task 2.4 s after the load, when the observer saw only what came
  // after the grid showed.)
  await settled(page);
  const steps: [string, number, number][] = [];
  const step = async (name: string, act: () => Promise<void>) => {
    const start = await now();
    await act();
    steps.push([name, start, await now()]);
  };
  const bar = page.getByRole('toolbar', { name: 'Selection' });
  const selected = bar.getByRole('status');

  // A month header selects its month: December 2023 is 31 days of one photo an hour.
  await step('month', async () => {
    await page.getByRole('button', { name: 'Select December 2023' }).click();
    await expect(selected).toHaveText('744 selected');
  });
  await page.keyboard.press('Escape');
  await expect(bar).toBeHidden();

  // A check mark, then Shift+click on another: the range between, both included.
  await step('range', async () => {
    await grid.getByRole('checkbox', { name: 'Select IMG_000001.jpg' }).click();
    await grid.getByRole('checkbox', { name: 'Select IMG_000004.jpg' }).click({ modifiers: ['Shift'] });
    await expect(selected).toHaveText('4 selected');
  });
  await expect(grid.getByRole('checkbox', { name: 'Select IMG_000003.jpg' })).toHaveAttribute('aria-checked', 'true');
  await expect(grid.getByRole('checkbox', { name: 'Select IMG_000005.jpg' })).toHaveAttribute('aria-checked', 'false');

  // Everything, at once.
  await step('all', async () => {
    await page.keyboard.press('ControlOrMeta+a');
    await expect(selected).toHaveText('100,000 selected');
  });
  await expect(grid.getByRole('checkbox', { name: 'Select IMG_000005.jpg' })).toHaveAttribute('aria-checked', 'true');
  await grid.getByRole('checkbox', { name: 'Select IMG_000005.jpg' }).click();
  await expect(selected).toHaveText('99,999 selected');
  await page.keyboard.press('Escape');
  await expect(bar).toBeHidden();
  const long = await page.evaluate(() => (window as unknown as { longTasks: [number, number][] }).longTasks);
  const during = steps.flatMap(([name, from, to]) => long.filter(([at, ms]) => at < to && at + ms > from).map(([, ms]) => `${name}: ${Math.round(ms)} ms`));
  expect(during, `long tasks ${JSON.stringify(long)}, steps ${JSON.stringify(steps)}`).toEqual([]);
});

test('places for many: by a town\'s name, on the map, copied from a photo, cleared; kept after a reload; undone', async ({ page }) => {
  test.setTimeout(180_000);
  // q1's file says Porto; q2 and q3 say nothing of where they were taken.
  const files = [
    { path: 'q1.jpg', data: makeJpeg({ width: 64, height: 48, paint: () => [200, 60, 60], exif: { taken: '2019:07:20 10:00:00', gps: { lat: 41.1496, lng: -8.611 } } }) },
    { path: 'q2.jpg', data: makeJpeg({ width: 64, height: 48, paint: () => [60, 200, 60], exif: { taken: '2019:07:19 10:00:00' } }) },
    { path: 'q3.jpg', data: makeJpeg({ width: 64, height: 48, paint: () => [60, 60, 200], exif: { taken: '2019:07:18 10:00:00' } }) },
  ];
  await importFolder(page, files, 3);
  const grid = page.getByRole('list', { name: 'Photos' });
  const check = (name: string) => grid.getByRole('checkbox', { name: `Select ${name}` });
  const toast = page.getByRole('status', { name: 'Last change' });
  const dialog = page.getByRole('dialog', { name: 'Location' });
  // Each look is a new search: the search worker names a new point a moment after the change.
  const found = (q: string) => expect.poll(async () => {
    await page.getByRole('combobox', { name: 'Search' }).fill('');
    return searchFor(page, q);
  }, { timeout: 15_000 });
  // Back to the timeline, focus out of the search box (where Ctrl/⌘+Z is the box's own).
  const library = async () => {
    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByRole('combobox', { name: 'Search' }).fill('');
    await page.getByRole('link', { name: 'Library' }).click();
  };

  // By name: P opens the dialog; typing suggests towns from the bundled gazetteer.
  await check('q2.jpg').click();
  await check('q3.jpg').click({ modifiers: ['Shift'] });
  await page.keyboard.press('p');
  await expect(dialog).toContainText('2 photos: none has a place.');
  await dialog.getByRole('combobox', { name: 'Place name' }).fill('lisb');
  await dialog.getByRole('listbox', { name: 'Towns' }).getByRole('option', { name: 'Lisbon, Portugal' }).click();
  await expect(dialog.getByRole('status', { name: 'New place' })).toContainText('Lisbon, Portugal (38.7');
  await page.screenshot({ path: test.info().outputPath('location-by-name.png') });
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(toast).toContainText('Placed 2 photos in Lisbon, Portugal');
  // The search worker names the new point: place: and country: find them.
  await found('place:lisbon').toEqual(['q2.jpg', 'q3.jpg']);
  await found('country:pt').toEqual(['q1.jpg', 'q2.jpg', 'q3.jpg']);

  // Copied from a photo of the selection: q1's Porto goes to q2 too.
  await library();
  await check('q1.jpg').click();
  await check('q2.jpg').click();
  await page.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: 'Location…' }).click();
  await expect(dialog).toContainText('2 photos: all with a place, in different places.');
  await dialog.getByRole('radio', { name: 'Copy from a photo' }).check();
  await dialog.getByRole('combobox', { name: 'Copy the place of' }).selectOption({ label: 'q1.jpg — Porto, Portugal' });
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(toast).toContainText('Placed 1 photo in Porto, Portugal');
  await found('place:porto').toEqual(['q1.jpg', 'q2.jpg']);

  // On the map: a click picks a point; the latitude and longitude boxes set it exactly.
  await library();
  await check('q3.jpg').click();
  await page.keyboard.press('p');
  await dialog.getByRole('radio', { name: 'Pick on the map' }).check();
  const map = dialog.getByRole('application', { name: 'Map: click to pick the place' });
  await expect(map.locator('canvas')).toBeVisible();
  await map.click({ position: { x: 120, y: 100 } });
  await expect(dialog.getByRole('status', { name: 'New place' })).toHaveText(/New place: -?\d+\.\d{5}, -?\d+\.\d{5}/);
  await dialog.getByRole('spinbutton', { name: 'Latitude' }).fill('48.8566');
  await dialog.getByRole('spinbutton', { name: 'Latitude' }).press('Tab');
  await dialog.getByRole('spinbutton', { name: 'Longitude' }).fill('2.3522');
  await dialog.getByRole('spinbutton', { name: 'Longitude' }).press('Tab');
  await expect(dialog.getByRole('status', { name: 'New place' })).toHaveText('New place: 48.85660, 2.35220');
  await expect(map.locator('.maplibregl-marker')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('location-on-map.png') });
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(toast).toContainText('Placed 1 photo at 48.8566, 2.3522');
  await found('place:paris').toEqual(['q3.jpg']);

  // Kept after a reload: the viewer names the place and marks the position as edited; the map counts them.
  await page.reload();
  await found('place:porto').toEqual(['q1.jpg', 'q2.jpg']);
  await page.getByRole('list', { name: 'Results' }).getByRole('button', { name: 'q2.jpg' }).click();
  const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  await expect(viewer).toContainText('Porto, Portugal');
  await expect(viewer).toContainText('41.14960, -8.61100 (edited)');
  await page.keyboard.press('Escape');

  // Cleared: q1 has no place in Shoebox (its file keeps its GPS); the map has two left.
  await library();
  await check('q1.jpg').click();
  await page.keyboard.press('p');
  await dialog.getByRole('radio', { name: 'Clear it' }).check();
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(toast).toContainText('Cleared the place of 1 photo');
  await found('place:porto').toEqual(['q2.jpg']);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Places' }).click();
  await expect(page.getByRole('status', { name: 'Located photos' })).toHaveText('2 photos with a place');

  // Undo, one batch at a time, newest first: the clearing, the map's point, the copy, the name.
  // The viewer shows each photo's place as named again for its point.
  const shownPlace = (name: string) => expect.poll(async () => {
    await grid.getByRole('button', { name }).click();
    const info = page.getByRole('dialog', { name: 'Photo viewer' });
    await expect(info).toContainText('Taken');
    const text = (await info.textContent()) ?? '';
    await page.keyboard.press('Escape');
    await expect(info).toBeHidden();
    return /Place(.*?)Location/.exec(text)?.[1] ?? 'none';
  }, { timeout: 15_000 });
  const undo = async (next: string) => {
    await library();
    await page.keyboard.press('ControlOrMeta+z');
    await expect(toast).toContainText(next);
  };
  await undo('Placed 1 photo at 48.8566, 2.3522');
  await shownPlace('q1.jpg').toBe('Porto, Portugal');
  await undo('Placed 1 photo in Porto, Portugal');
  await shownPlace('q3.jpg').toBe('Lisbon, Portugal');
  await undo('Placed 2 photos in Lisbon, Portugal');
  await shownPlace('q2.jpg').toBe('Lisbon, Portugal');
  await library();
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(toast).toBeHidden();
  await shownPlace('q2.jpg').toBe('none');
  await shownPlace('q1.jpg').toBe('Porto, Portugal');
  // After a reload, search agrees.
  await page.reload();
  await found('country:pt').toEqual(['q1.jpg']);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('an album of 3,000 photos ordered by hand draws only what is in view; the keyboard reaches and moves its last photo', async ({ page }) => {
  test.setTimeout(120_000);
  await openSyntheticLibrary(page, 3_000);
  const bar = page.getByRole('toolbar', { name: 'Selection' });
  await page.keyboard.press('ControlOrMeta+a');
  await expect(bar.getByRole('status')).toHaveText('3,000 selected');
  await bar.getByRole('combobox', { name: 'Album' }).fill('Everything');
  await bar.getByRole('button', { name: 'Add to album' }).click();
  await expect(page.getByRole('status', { name: 'Last change' })).toContainText('Added 3,000 photos to Everything', { timeout: 60_000 });

  await page.goto(`/#/?q=${encodeURIComponent('album:"Everything"')}`);
  const album = page.getByRole('region', { name: 'Album Everything' });
  await album.getByRole('combobox', { name: 'Order' }).selectOption('By hand');
  const arranged = album.getByRole('list', { name: 'Album, in your order' });
  const first = arranged.getByRole('button', { name: 'IMG_000000.jpg, 1 of 3,000' });
  await expect(first).toBeVisible();
  const drawn = () => arranged.getByRole('listitem').count();
  expect(await drawn()).toBeLessThan(300);
  expect(await arranged.evaluate((el) => el.querySelectorAll('img').length)).toBeLessThan(300);

  // Arrows and End move the focus, scrolling the order; Alt+Home moves the last photo first.
  await first.focus();
  await page.keyboard.press('ArrowRight');
  await expect(arranged.getByRole('button', { name: 'IMG_000001.jpg, 2 of 3,000' })).toBeFocused();
  await page.keyboard.press('End');
  const last = arranged.getByRole('button', { name: 'IMG_002999.jpg, 3,000 of 3,000' });
  await expect(last).toBeFocused();
  await expect(last).toBeInViewport();
  expect(await drawn()).toBeLessThan(300);
  await page.keyboard.press('Alt+Home');
  await expect(arranged.getByRole('button', { name: 'IMG_002999.jpg, 1 of 3,000' })).toBeFocused();
  await expect(arranged.getByRole('button', { name: 'IMG_000000.jpg, 2 of 3,000' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('album-3000-by-hand.png') });
  await page.reload();
  await expect(page.getByRole('region', { name: 'Album Everything' }).getByRole('button', { name: 'IMG_002999.jpg, 1 of 3,000' })).toBeVisible();
});
