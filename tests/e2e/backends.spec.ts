import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { installFolder, labelsOf, waitForImportDone } from './helpers';

// Every backend must give the labels wasm gives, the app's choice on a machine without a GPU: every
// other browser test runs on wasm (the demo's labels, library.spec.ts; vision.spec.ts), so the plain
// CPU backend is checked here; software WebGPU and WebGL (SwiftShader) take one to two minutes each
// for one photo, so `npm run bench` checks them (`backends.labels`, `backends.agree`). The CPU
// backend takes about 30 s a photo for faces, so it gets a photo without people only.
const PHOTOS = {
  // The exif package's test photo of a white coupe on a mountain road (car 0.59 against its bar 0.35).
  'test1.jpg': { data: readFileSync('node_modules/exif/test/test1.jpg'), labels: ['car'] },
};

for (const [backend, names] of [['cpu', ['test1.jpg']]] as const) {
  test(`the ${backend} backend gives the same labels to the same photo`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto('/#/settings');
    await page.getByRole('combobox', { name: 'Inference backend choice' }).selectOption(backend);
    await expect(page.getByRole('status', { name: 'Inference backend' })).toHaveText(`Recognising photos with the ${backend} backend.`, { timeout: 180_000 });
    // The hard swish pass is wasm's alone: elsewhere CenterNet's graph runs as it ships.
    await expect(page.getByRole('region', { name: 'Recognition' }).getByRole('listitem')).toHaveText([`${backend}: runs (pinned)`]);
    await page.getByRole('link', { name: 'Library' }).click();
    await installFolder(page, names.map((name) => ({ path: `photos/${name}`, data: PHOTOS[name].data })));
    await page.getByRole('button', { name: 'Add folder', exact: true }).click();
    await waitForImportDone(page, 240_000);
    for (const name of names) expect(await labelsOf(page, name), name).toEqual(PHOTOS[name].labels);
  });
}
