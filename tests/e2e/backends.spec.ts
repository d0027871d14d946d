import { expect, test } from './fixtures';
import { faceApiSample, installFolder, labelsOf, waitForImportDone } from './helpers';

// The longest browser test (software WebGPU and WebGL on this CPU): its own file, so that the
// runner starts it first and the others run beside it (tests/playwright.config.ts).

test('every backend agrees on the labels of the same photo', async ({ browser, baseURL }) => {
  // Alone about 3 min here; beside another browser, up to twice that.
  test.setTimeout(600_000);
  const seen: Record<string, string[]> = {};
  for (const backend of ['webgpu', 'webgl', 'wasm', 'cpu']) {
    const context = await browser.newContext({ baseURL });
    try {
      const page = await context.newPage();
      await page.goto('/#/settings');
      await page.getByRole('combobox', { name: 'Inference backend choice' }).selectOption(backend);
      await expect(page.getByRole('status', { name: 'Inference backend' })).toHaveText(`Recognising photos with the ${backend} backend.`, { timeout: 180_000 });
      await page.getByRole('link', { name: 'Library' }).click();
      await installFolder(page, [faceApiSample(1, 'people')]);
      await page.getByRole('button', { name: 'Add folder', exact: true }).click();
      // Software WebGPU needs about a minute for this one photo here (its first run compiles the shaders).
      await waitForImportDone(page, 240_000);
      seen[backend] = await labelsOf(page, 'sample1.jpg');
    } finally {
      await context.close();
    }
  }
  expect(seen).toEqual({ webgpu: seen.wasm, webgl: seen.wasm, wasm: ['group', 'person', 'wine glass'], cpu: seen.wasm });
});

