import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { faceApiSample, installFolder, labelsOf, waitForImportDone } from './helpers';

// Every backend must give the labels wasm gives, the app's choice on a machine without a GPU.
// wasm and the plain CPU backend are checked here; software WebGPU and WebGL (SwiftShader) take
// one to two minutes each for this one photo, so `npm run bench` checks them on the same photo
// (`backends.labels`, `backends.agree`). Each backend is its own test, shared between the two browsers.
// The CPU backend takes about 30 s a photo for faces, so it gets the photo without people only.
const PHOTOS = {
  // face-api's sample: three women, a glass of wine (faces and the rules on them too).
  'sample1.jpg': { data: faceApiSample(1, 'people').data, labels: ['group', 'person', 'wine glass'] },
  // The exif package's test photo of a white coupe on a mountain road (car 0.59 against its bar 0.35).
  'test1.jpg': { data: readFileSync('node_modules/exif/test/test1.jpg'), labels: ['car'] },
};

for (const [backend, names] of [['wasm', ['sample1.jpg', 'test1.jpg']], ['cpu', ['test1.jpg']]] as const) {
  test(`the ${backend} backend gives the same labels to the same photo`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto('/#/settings');
    await page.getByRole('combobox', { name: 'Inference backend choice' }).selectOption(backend);
    await expect(page.getByRole('status', { name: 'Inference backend' })).toHaveText(`Recognising photos with the ${backend} backend.`, { timeout: 180_000 });
    await page.getByRole('link', { name: 'Library' }).click();
    await installFolder(page, names.map((name) => ({ path: `photos/${name}`, data: PHOTOS[name].data })));
    await page.getByRole('button', { name: 'Add folder', exact: true }).click();
    await waitForImportDone(page, 240_000);
    for (const name of names) expect(await labelsOf(page, name), name).toEqual(PHOTOS[name].labels);
  });
}
