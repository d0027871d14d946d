import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { QUADRANTS } from '../fixtures/photos.mjs';
import { RAW_FIXTURES } from '../fixtures/make-raw.mjs';
import { installFolder, photoCount, quadrantsMatch, sampleQuadrants, tileNames, waitForImportDone } from './helpers';

/** The RAW containers of tests/fixtures/make-raw.mjs, and ExifTool's NEF sample, whose previews were stripped. */
function rawFolder() {
  const made = readdirSync('tests/fixtures/raw').map((name) => ({ path: `Camera/${name}`, data: readFileSync(`tests/fixtures/raw/${name}`) }));
  return [...made, { path: 'Camera/stripped.nef', data: readFileSync('node_modules/exiftool-vendored.pl/bin/t/images/Nikon.nef') }];
}

test('a folder of camera RAWs shows every one by its largest embedded JPEG, upright, with its own date, camera and sensor size', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 3200 }); // twelve months of tiles on one screen
  await page.goto('/');
  await installFolder(page, rawFolder());
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  const names = Object.keys(RAW_FIXTURES);
  await expect(photoCount(page)).toHaveText(new RegExp(`^${names.length} photos`));
  expect(new Set(await tileNames(page))).toEqual(new Set(names));

  // The RAW with no preview at all is a problem, and so is the one whose preview is smaller than
  // a tile (it is in the timeline too, never enlarged): each with its reason.
  await page.getByText(/^Problems \(/).click();
  const problems = page.getByRole('table', { name: 'Problems' });
  await expect(problems.getByRole('row')).toHaveCount(3);
  await expect(problems.getByRole('row').filter({ hasText: 'stripped.nef' })).toContainText(
    'Nikon NEF RAW: no preview is embedded in it, and Shoebox does not decode RAW data itself yet.',
  );
  await expect(problems.getByRole('row').filter({ hasText: 'tiny-preview.nef' })).toContainText(
    'Only a 160 × 120 preview is embedded in this Nikon NEF; Shoebox does not decode RAW data itself yet.',
  );

  for (const [name, f] of Object.entries(RAW_FIXTURES)) {
    const tile = await sampleQuadrants(page.getByRole('img', { name, exact: true }));
    const [w, h] = f.orientation >= 5 ? [f.preview[1], f.preview[0]] : f.preview;
    // The photo's size is the sensor's where the raw IFD gives it, upright.
    const [sw, sh] = f.sensor ? (f.orientation >= 5 ? [f.sensor[1], f.sensor[0]] : f.sensor) : [w, h];
    expect({ name, landscape: tile.width > tile.height }).toEqual({ name, landscape: w > h });
    const upright = { name, tl: true, tr: true, bl: true, br: true };
    if (f.quadrants) expect({ name, ...quadrantsMatch(tile, QUADRANTS) }).toEqual(upright);

    await page.getByRole('button', { name, exact: true }).click();
    const info = page.getByRole('complementary', { name: 'Photo information' });
    const [date, time] = f.taken.split(' ') as [string, string];
    const taken = await page.evaluate(
      (iso) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(Date.parse(iso)),
      `${date.replace(/:/g, '-')}T${time}Z`,
    );
    await expect(info).toContainText(taken);
    await expect(info).toContainText(f.model);
    await expect(info).toContainText(`${sw} × ${sh}`);
    if (Math.max(...f.preview) < 512) {
      await expect(info).toContainText('Only a 160 × 120 preview is embedded in this Nikon NEF; Shoebox does not decode RAW data itself yet.');
    }
    // No browser shows a RAW: the viewer shows the largest JPEG the camera embedded (read from the
    // connected folder), upright, at its own size (a NRW's from its maker note, not IFD0's 320 px one).
    await expect(page.getByRole('dialog', { name: 'Photo viewer' }).getByRole('status')).toHaveText('Embedded JPEG');
    const shown = page.getByRole('dialog', { name: 'Photo viewer' }).getByRole('img', { name, exact: true });
    const big = await sampleQuadrants(shown);
    expect({ name, width: big.width, height: big.height }).toEqual({ name, width: w, height: h });
    expect({ name, landscape: big.width > big.height }).toEqual({ name, landscape: w > h });
    if (f.quadrants) expect({ name, ...quadrantsMatch(big, QUADRANTS) }).toEqual(upright);
    await page.keyboard.press('Escape');
  }
});
