import { expect, test } from './fixtures';
import { faceApiSample, installFolder, labelsOf, waitForImportDone } from './helpers';

// Every backend must give the labels wasm gives, the app's choice on a machine without a GPU.
// wasm and the plain CPU backend are checked here; software WebGPU and WebGL (SwiftShader) take
// one to two minutes each for this one photo, so `npm run bench` checks them on the same photo
// (`backends.labels`, `backends.agree`). Each backend is its own test, shared between the two browsers.
const LABELS = ['group', 'person', 'wine glass'];

for (const backend of ['wasm', 'cpu']) {
  test(`the ${backend} backend gives the same labels to the same photo`, async ({ page }) => {
    // The CPU backend: about 30 s alone here; beside another browser, up to twice that.
    test.setTimeout(300_000);
    await page.goto('/#/settings');
    await page.getByRole('combobox', { name: 'Inference backend choice' }).selectOption(backend);
    await expect(page.getByRole('status', { name: 'Inference backend' })).toHaveText(`Recognising photos with the ${backend} backend.`, { timeout: 180_000 });
    await page.getByRole('link', { name: 'Library' }).click();
    await installFolder(page, [faceApiSample(1, 'people')]);
    await page.getByRole('button', { name: 'Add folder', exact: true }).click();
    await waitForImportDone(page, 240_000);
    expect(await labelsOf(page, 'sample1.jpg')).toEqual(LABELS);
  });
}
