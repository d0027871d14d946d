import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { CHROMIUM_ARGS, PLAYWRIGHT_DISABLED_FEATURES } from '../e2e/chromium';

/** The features Playwright's own `--disable-features` switch names, read from the installed Playwright. */
function playwrightDisabledFeatures(): string[] {
  const root = dirname(createRequire(import.meta.url).resolve('playwright-core/package.json'));
  const bundle = readFileSync(join(root, 'lib', 'coreBundle.js'), 'utf8');
  const list = /disabledFeatures = \[([\s\S]*?)\]\.filter/.exec(bundle)?.[1];
  if (list === undefined) throw new Error('playwright-core no longer lists its disabled features where this test reads them: check tests/e2e/chromium.ts by hand');
  return [...list.replace(/\/\/.*$/gm, '').matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
}

it('the browser tests disable every feature Playwright disables, since only the last --disable-features counts', () => {
  const ours = CHROMIUM_ARGS.filter((a) => a.startsWith('--disable-features='));
  expect(ours).toHaveLength(1);
  const disabled = (ours[0] as string).slice('--disable-features='.length).split(',');
  expect(playwrightDisabledFeatures()).toEqual(PLAYWRIGHT_DISABLED_FEATURES);
  expect(disabled).toEqual(expect.arrayContaining(PLAYWRIGHT_DISABLED_FEATURES));
  expect(disabled).toContain('PreloadTopChromeWebUI');
});
