import { makeJpeg, scenePainter, withXmp } from '../fixtures/photos.mjs';
import { expect, test } from './fixtures';
import { installFolder, lateSearchesBusyCatalogue, lateSearchesPossible, searchFor, waitForImportDone } from './helpers';

/** Photos tagged in another tool (XMP dc:subject): their tags are labels, whatever the models see. */
const tagged = (name: string, tag: string, seed: number) => ({
  path: name,
  data: withXmp(makeJpeg({ width: 240, height: 180, paint: scenePainter(240, 180, seed) }), { subject: [tag] }),
});

test('words that mean a label find it: kitty finds the cat, pet finds cats and dogs, automobile the car; file names as typed', async ({ page }) => {
  await lateSearchesPossible(page);
  await page.goto('/');
  await installFolder(page, [tagged('tom.jpg', 'cat', 1), tagged('rex.jpg', 'dog', 2), tagged('beetle.jpg', 'car', 3), tagged('lunch.jpg', 'pizza', 4), tagged('IMG_0003.jpg', 'book', 5)]);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  const search = (query: string) => searchFor(page, query);
  // Searching asks nothing of the network, not even the page's icon, which Chromium fetches again
  // at every history change (each query typed): as a file it woke the service worker each time.
  const requested: string[] = [];
  page.on('request', (r) => {
    // (Tiles are blob: URLs of the catalogue's own thumbnails.)
    if (!/^(blob|data):/.test(r.url())) requested.push(r.url());
  });
  expect(await search('kitty')).toEqual(['tom.jpg']);
  expect(await search('pet')).toEqual(['rex.jpg', 'tom.jpg']);
  expect(await search('automobile')).toEqual(['beetle.jpg']);
  expect(await search('unicorn')).toEqual([]);
  // A file's name as it is typed, with its digits, underscore and extension.
  expect(await search('IMG_0003')).toEqual(['IMG_0003.jpg']);
  expect(await search('img_0003.jpg')).toEqual(['IMG_0003.jpg']);
  // Filters, OR and negation; a mistyped filter is explained while the rest still searches.
  expect(await search('label:cat|pizza')).toEqual(['lunch.jpg', 'tom.jpg']);
  expect(await search('pet -label:cat')).toEqual(['rex.jpg']);
  expect(await search('pet colour:red')).toEqual(['rex.jpg', 'tom.jpg']);
  await expect(page.getByRole('alert', { name: 'Search problems' })).toContainText('Unknown filter “colour:”');
  await page.screenshot({ path: 'test-results/screenshots/search-problems.png' });
  expect(await search('unicorn')).toEqual([]);
  expect(requested, 'requests while searching').toEqual([]);
  await expect(page.getByRole('alert', { name: 'Search problems' })).toHaveCount(0);
  // Active terms are chips; removing one searches without it.
  expect(await search('pet -label:cat')).toEqual(['rex.jpg']);
  const chips = page.getByRole('list', { name: 'Active filters' });
  await expect(chips.getByRole('listitem')).toHaveText(['pet×', '-label:cat×']);
  await page.screenshot({ path: 'test-results/screenshots/search-chips.png' });
  await chips.getByRole('button', { name: 'Remove -label:cat' }).click();
  await expect(page.getByRole('combobox', { name: 'Search' })).toHaveValue('pet');
  await expect(page.getByRole('status', { name: 'Search results' })).toContainText('2 photos show “pet”');
  // Back returns to the search before the chip was removed; Forward comes back.
  await page.goBack();
  await expect(page.getByRole('combobox', { name: 'Search' })).toHaveValue('pet -label:cat');
  await expect(page.getByRole('status', { name: 'Search results' })).toContainText('1 photo shows “pet -label:cat”');
  await page.goForward();
  await expect(page.getByRole('status', { name: 'Search results' })).toContainText('2 photos show “pet”');

  // Another tab's import changes the catalogue every 0.3 s, and the search worker answers 2 s late
  // (a slow machine, a large library): the search is asked again at each change, and an answer
  // is shown when it comes, not held back for the newer ask (none would ever be shown).
  const back = await lateSearchesBusyCatalogue(page, 2000);
  await page.getByRole('combobox', { name: 'Search' }).fill('kitty');
  await expect(page.getByRole('status', { name: 'Search results' })).toContainText('1 photo shows “kitty”', { timeout: 10_000 });
  await back();

  // Library clicked and a search typed at once (a quick hand on a busy page): the link's navigation
  // fires `popstate` at once and `hashchange` a task later, which must not take the query back
  // from the URL the keystrokes have not written yet (thresholds.spec lost searches so).
  await page.evaluate(() => {
    (document.querySelector('nav a[href="#/"]') as HTMLAnchorElement).click();
    const box = document.querySelector('input[role="combobox"]') as HTMLInputElement;
    for (const typed of ['auto', 'automobile']) {
      box.value = typed;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }
  });
  await expect(page.getByRole('status', { name: 'Search results' })).toContainText('1 photo shows “automobile”');
  await expect(page.getByRole('combobox', { name: 'Search' })).toHaveValue('automobile');
  await expect(page).toHaveURL(/#\/\?q=automobile$/);
  await page.goBack();
  await expect(page.getByRole('combobox', { name: 'Search' })).toHaveValue('');
  await page.goForward();
  await expect(page.getByRole('combobox', { name: 'Search' })).toHaveValue('automobile');

  await page.getByRole('combobox', { name: 'Search' }).fill('unicorn');
  // The query is in the URL: reloading it gives the same answer.
  await expect(page).toHaveURL(/#\/\?q=unicorn$/);
  await page.goto('/#/?q=kitty');
  await expect(page.getByRole('status', { name: 'Search results' })).toContainText('1 photo shows “kitty”');
});
