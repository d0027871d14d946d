import { expect, test } from './fixtures';
import { faceApiSample, installFolder, labelsOf, waitForImportDone } from './helpers';

// The longest browser tests (software WebGPU and WebGL on this CPU): each backend is its own test,
// so the runner shares them between its two browsers and runs the others beside them
// (tests/playwright.config.ts). Every backend must give the labels wasm gives, the app's choice here.
const LABELS = ['group', 'person', 'wine glass'];

for (const backend of ['webgpu', 'webgl', 'wasm', 'cpu']) {
  test(`the ${backend} backend gives the same labels to the same photo`, async ({ page }) => {
    // Alone about 80 s for WebGPU here; beside another browser, up to twice that.
    test.setTimeout(300_000);
    await page.goto('/#/settings');
    await page.getByRole('combobox', { name: 'Inference backend choice' }).selectOption(backend);
    await expect(page.getByRole('status', { name: 'Inference backend' })).toHaveText(`Recognising photos with the ${backend} backend.`, { timeout: 180_000 });
    await page.getByRole('link', { name: 'Library' }).click();
    await installFolder(page, [faceApiSample(1, 'people')]);
    await page.getByRole('button', { name: 'Add folder', exact: true }).click();
    // Software WebGPU needs about a minute for this one photo here (its first run compiles the shaders).
    await waitForImportDone(page, 240_000);
    expect(await labelsOf(page, 'sample1.jpg')).toEqual(LABELS);
  });
}
