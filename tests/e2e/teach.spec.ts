import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { faceApiSample, importFolder, installFolder, photoCount, searchFor, waitForImportDone } from './helpers';

/**
 * "Teach a label…" on real photographs npm packages ship: six photos of one evening with friends
 * (@vladmandic/face-api's demo, the same flat and people), three of them the examples, two held back
 * in the library and one added later; and photos of other things (cars, a book, a dog, a go-kart
 * race, chocolates, cards, a flower, game controllers, a gallery wall, three men at a table).
 */
const other = (path: string) => ({ path: `Photos/${path.split('/').pop()}`, data: readFileSync(new URL(`../../node_modules/${path}`, import.meta.url)) });
const OTHERS = [
  'exif/test/test1.jpg', 'exif/test/test3.jpg', 'tracking/examples/assets/book1.png', 'exif-js/example/Bush-dog.jpg', 'exif-js/example/dsc_09827.jpg',
  'exif-js/example/Bloated-Hero.jpg', 'exif/test/evil1.jpg', 'exif/test/short-ascii-MM.jpg', 'tracking/examples/assets/psmove.png',
  'tracking/examples/assets/box1.png', 'tracking/examples/assets/faces.jpg',
].map(other);
const party = (n: number) => faceApiSample(n, 'Photos');

test('a label taught from three photos finds the held-back ones among its first proposals, is searchable, and is suggested on a photo added later', async ({ page }) => {
  test.setTimeout(240_000);
  await importFolder(page, [1, 2, 3, 4, 5].map(party).concat(OTHERS), 16);
  // The evening's photos are years apart in the timeline: found by name, to select them.
  expect(await searchFor(page, 'filename:sample')).toEqual([1, 2, 3, 4, 5].map((n) => `sample${n}.jpg`));
  const grid = page.getByRole('list', { name: 'Results' });
  const bar = page.getByRole('toolbar', { name: 'Selection' });
  const teach = bar.getByRole('button', { name: 'Teach a label…' });

  // Two selected are not enough; three are.
  await grid.getByRole('checkbox', { name: 'Select sample1.jpg' }).click();
  await grid.getByRole('checkbox', { name: 'Select sample2.jpg' }).click();
  await expect(teach).toBeDisabled();
  await grid.getByRole('checkbox', { name: 'Select sample3.jpg' }).click();
  await teach.click();
  const dialog = page.getByRole('dialog', { name: 'Teach a label' });
  await dialog.getByRole('textbox', { name: 'Label' }).fill('Evening with friends');
  await dialog.getByRole('button', { name: 'Find more' }).click();

  // The review: the held-back photos of that evening come among the first six proposals of the
  // thirteen photos (models/SIMILAR.md measures this). Y and N answer; each answer fits again.
  const review = page.getByRole('dialog', { name: 'Teach “Evening with friends”' });
  const proposed = review.getByRole('figure', { name: 'Is this it?' }).getByRole('img');
  const seen: string[] = [];
  const held = ['sample4.jpg', 'sample5.jpg'];
  while (!held.every((n) => seen.includes(n))) {
    await expect(proposed).toHaveAttribute('alt', /\S/);
    const name = (await proposed.getAttribute('alt')) as string;
    expect(seen, 'a photo is proposed once').not.toContain(name);
    seen.push(name);
    expect(seen.length, `proposed: ${seen.join(', ')}`).toBeLessThanOrEqual(6);
    await page.keyboard.press(held.includes(name) ? 'y' : 'n');
    await expect(proposed).not.toHaveAttribute('alt', name);
  }
  await page.screenshot({ path: test.info().outputPath('teach-review.png') });
  const no = seen.length - 2;
  await expect(review.getByRole('status')).toHaveText(`5 photos are “Evening with friends”${no ? `, ${no} photo${no > 1 ? 's are' : ' is'} not` : ''}.`);
  await review.getByRole('button', { name: 'Done' }).click();
  await expect(review).toBeHidden();
  await expect(bar.getByRole('status').filter({ hasText: 'labelled' })).toHaveText(/^“Evening with friends”: 5 photos labelled/);

  // Searchable by its name; the others did not get it.
  await bar.getByRole('button', { name: 'Clear selection' }).click();
  expect(await searchFor(page, 'label:"evening with friends"')).toEqual([1, 2, 3, 4, 5].map((n) => `sample${n}.jpg`));

  // A photo of that evening added later gets the label as a suggestion; a car added later does not.
  await page.getByRole('combobox', { name: 'Search' }).fill('');
  await installFolder(page, [party(6), other('exif/test/test2.jpg')]);
  await page.getByRole('button', { name: 'Rescan' }).click();
  await expect(photoCount(page)).toHaveText(/^18 photos/, { timeout: 60_000 });
  await waitForImportDone(page);
  expect(await searchFor(page, 'label:"evening with friends"')).toEqual([1, 2, 3, 4, 5, 6].map((n) => `sample${n}.jpg`));

  // In the viewer it is a suggestion, which the person confirms.
  await page.getByRole('list', { name: 'Results' }).getByRole('button', { name: 'sample6.jpg' }).click();
  const labels = page.getByRole('dialog', { name: 'Photo viewer' }).getByRole('region', { name: 'Labels' });
  await expect(labels.getByRole('link', { name: 'evening with friends?' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('teach-suggested.png') });
  await labels.getByRole('button', { name: 'Confirm label evening with friends' }).click();
  await expect(labels.getByRole('link', { name: 'evening with friends', exact: true })).toBeVisible();
  await expect(labels.getByRole('button', { name: 'Confirm label evening with friends' })).toHaveCount(0);

  // All of it is kept: after a reload the label is still there, taught and confirmed.
  await page.reload();
  expect(await searchFor(page, 'label:"evening with friends"')).toEqual([1, 2, 3, 4, 5, 6].map((n) => `sample${n}.jpg`));
});
