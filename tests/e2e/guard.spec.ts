import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';
import { expect, test } from './fixtures';
import { serviceWorkerControls } from './helpers';

// These tests are about the service worker (tests/playwright.config.ts blocks it elsewhere).
test.use({ serviceWorkers: 'allow' });

// The request guard (tests/e2e/fixtures.ts) is what makes "nothing leaves the device" a test:
// these check that it sees what a test can open besides the default context. The network here
// is closed, so the foreign requests below fail, but they were made, and that is what counts.
test('the request guard sees every context a test opens, and the service worker’s requests', async ({ browser, baseURL, requestGuard }, testInfo) => {
  const second = await browser.newContext({ baseURL });
  const page = await second.newPage();
  await page.goto('http://example.invalid/second').catch(() => undefined);
  await second.close();

  const lone = await browser.newPage();
  await lone.goto('http://example.invalid/lone').catch(() => undefined);
  await lone.context().close();

  const profile = await chromium.launchPersistentContext(testInfo.outputPath('profile'), { executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    await (profile.pages()[0] ?? (await profile.newPage())).goto('http://example.invalid/persistent').catch(() => undefined);
  } finally {
    await profile.close();
  }
  expect(requestGuard.foreign).toEqual(['http://example.invalid/second', 'http://example.invalid/lone', 'http://example.invalid/persistent']);

  // The service worker's own fetches (its precache of the models) reach the guard too.
  const app = await browser.newContext({ baseURL });
  try {
    const appPage = await app.newPage();
    await appPage.goto('/');
    await serviceWorkerControls(appPage);
    expect(requestGuard.seen.filter((r) => r.fromServiceWorker && r.url.endsWith('/models/centernet.bin'))).toHaveLength(1);
  } finally {
    await app.close();
  }
  // Made on purpose: forgiven, so that this test passes when the guard works.
  requestGuard.foreign.length = 0;
});
