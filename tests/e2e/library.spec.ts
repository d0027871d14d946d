import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { makeJpeg, scenePainter } from '../fixtures/photos.mjs';
import { fixtureLibrary } from './fixture-library';
import { DEMO_PHOTOS } from '../../models/demo';
import { installFolder, labelsOf, photoCount, removeFromFolder, tileNames, waitForImportDone } from './helpers';

/**
 * What the app must say each demo photo shows, from the eye's truth of the labels' evaluation set
 * (tests/fixtures/labels-eval/set.json): every label here is one the eye sees there, or may see.
 * A photo not listed gets no label.
 */
const DEMO_LABELS: Record<string, string[]> = {
  'chocolates.jpg': ['person'], // two hands reach into the box
  'couch.jpg': ['cup', 'group', 'person'],
  'starfish.jpg': ['person'], // the man's back fills the frame: no face, so not a portrait
  'wine.jpg': ['group', 'person', 'wine glass'],
};

interface EvalPhoto { id: string; labels: Record<string, string>; maybe: Record<string, string> }
const EVAL_SET = JSON.parse(readFileSync('tests/fixtures/labels-eval/set.json', 'utf8')) as { photos: EvalPhoto[] };

test('the demo is real photographs from the app itself, each labelled with what the eye sees in it, browsed by keyboard', async ({ page }) => {
  const truth = new Map(EVAL_SET.photos.map((p) => [p.id, p]));
  for (const photo of DEMO_PHOTOS) {
    const seen = truth.get(photo.evalId)!; // tests/unit/demo.test.ts checks it is the same file
    const allowed = [...Object.keys(seen.labels), ...Object.keys(seen.maybe)];
    for (const label of DEMO_LABELS[photo.path.split('/').pop()!] ?? []) expect(allowed, `${photo.path}: ${label}`).toContain(label);
  }

  await page.goto('/');
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await waitForImportDone(page);
  await expect(photoCount(page)).toHaveText(new RegExp(`^${DEMO_PHOTOS.length} photos`));
  await expect(page.getByRole('heading', { name: 'October 2017' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/grid.png' });

  // Newest first: old-tree (a scan dated by its file), wine, chocolates.
  await page.getByRole('button', { name: 'wine.jpg' }).click();
  const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  await expect(viewer.getByRole('img', { name: 'wine.jpg' })).toBeVisible();
  const info = viewer.getByRole('complementary', { name: 'Photo information' });
  await expect(info).toContainText('SONY ILCE-7M2');
  await expect(info).toContainText('San Jose, California, United States');
  await expect(info).toContainText('2017/party/wine.jpg');
  // The demo's files are in memory this session: the original replaces the preview.
  await expect(viewer.getByRole('status')).toHaveText('Original');
  await page.screenshot({ path: 'test-results/screenshots/viewer.png' });

  await page.keyboard.press('ArrowRight');
  await expect(viewer.getByRole('img', { name: 'chocolates.jpg' })).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(viewer.getByRole('img', { name: 'old-tree.jpg' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // Keyboard in the grid: arrows move focus, Enter opens.
  await page.getByRole('button', { name: 'wine.jpg' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('button', { name: 'chocolates.jpg' })).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('button', { name: 'old-tree.jpg' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(viewer.getByRole('img', { name: 'old-tree.jpg' })).toBeVisible();
  await page.keyboard.press('Escape');

  // Labels: exactly what the eye sees (DEMO_LABELS), and nothing else anywhere in the demo.
  await page.getByRole('link', { name: 'Albums & labels' }).click();
  const counts = new Map<string, number>();
  for (const label of Object.values(DEMO_LABELS).flat()) counts.set(label, (counts.get(label) ?? 0) + 1);
  const links = page.getByRole('region', { name: 'Labels' }).getByRole('link');
  // Most photos first, then by name.
  await expect(links).toHaveText([...counts].sort(([a, m], [b, n]) => n - m || a.localeCompare(b)).map(([label, n]) => new RegExp(`^${label}\\s*${n} photos?$`)));
  await page.getByRole('link', { name: 'Library' }).click();
  for (const [name, labels] of Object.entries(DEMO_LABELS)) expect(await labelsOf(page, name), name).toEqual(labels);
  // The same woman in two party photos is one person.
  await page.getByRole('link', { name: 'People', exact: true }).click();
  await expect(page.getByRole('list', { name: 'People' }).getByRole('link').first()).toContainText('2 photos');
});

test('after a reload the library is there at once; a rescan indexes only what changed', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 2400 });
  await page.goto('/');
  const files = fixtureLibrary().filter((f) => f.path.startsWith('orientation/') || f.path.startsWith('2021/'));
  await installFolder(page, files);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  await expect(photoCount(page)).toHaveText(/^9 photos/);

  await page.reload();
  // No permission is needed to show the catalogue and thumbnails.
  await expect(photoCount(page)).toHaveText(/^9 photos/);
  await expect(page.getByRole('img', { name: 'beach.jpg' })).toBeVisible();

  // Add one photo, remove another, move a third: rescan.
  await installFolder(page, [{ path: '2022/new-one.jpg', data: makeJpeg({ width: 120, height: 90, paint: scenePainter(120, 90, 42), exif: { taken: '2022:02:02 10:00:00' } }) }]);
  await removeFromFolder(page, 'orientation/orientation-3.jpg');
  const moved = files.find((f) => f.path === 'orientation/orientation-4.jpg')!;
  await removeFromFolder(page, moved.path);
  await installFolder(page, [{ path: 'moved/orientation-4.jpg', data: moved.data }]);
  await page.getByRole('button', { name: 'Rescan' }).click();
  await waitForImportDone(page);
  // Two files queued (the new one and the moved one), nothing else decoded again.
  await expect(page.getByRole('status').filter({ hasText: /All done/ })).toContainText('Found 2, done 2, failed 0');
  await expect(photoCount(page)).toHaveText(/^10 photos, 1 missing/);
  const names = await tileNames(page);
  expect(names[0]).toBe('new-one.jpg');
  // The removed photo keeps its data until the user removes it; the moved one kept its photo.
  expect(names).toContain('orientation-3.jpg');
  expect(names.filter((n) => n === 'orientation-4.jpg')).toHaveLength(1);
  await page.getByText(/^Problems \(/).click();
  await expect(page.getByRole('table', { name: 'Problems' }).getByRole('row').filter({ hasText: 'orientation/orientation-3.jpg' }))
    .toContainText(/Missing.*No longer in the folder/);
});
