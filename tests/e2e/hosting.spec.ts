import type { Page, Worker } from '@playwright/test';
import { extraBuild } from './builds.mjs';
import { expect, test } from './fixtures';
import { photoCount, serviceWorkerControls, waitForImportDone } from './helpers';
import { serveFolder } from './static-server';

// These tests are about the service worker (tests/playwright.config.ts blocks it elsewhere).
test.use({ serviceWorkers: 'allow' });

// How the built app is served: under its Content-Security-Policy, and from a sub-path.

/** The demo (real photographs, people among them): fetched, indexed, labelled, faces found. */
async function demoAndRecognition(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await waitForImportDone(page);
  await expect(photoCount(page)).toHaveText(/^9 photos/);
  await page.getByRole('link', { name: 'Labels' }).click();
  const labels = page.getByRole('region', { name: 'Labels' });
  await expect(labels.getByRole('link', { name: /wine glass\s*1 photo/ })).toBeVisible();
  await page.getByRole('link', { name: 'People', exact: true }).click();
  await expect(page.getByRole('list', { name: 'People' }).getByRole('link').first()).toBeVisible();
}

/**
 * In the page, a worker or the service worker: ask for a URL outside the app and report the
 * directive the browser refused it under (or 'no violation': the request was let out).
 */
function refusedBy(target: Page | Worker, url: string): Promise<string> {
  const probe = async (url: string): Promise<string> => {
    const scope = globalThis as unknown as EventTarget;
    const violation = new Promise<string>((resolve) => {
      scope.addEventListener('securitypolicyviolation', (e) => {
        const v = e as SecurityPolicyViolationEvent;
        if (v.blockedURI.startsWith(url)) resolve(v.effectiveDirective);
      });
    });
    await fetch(url).catch(() => undefined);
    return Promise.race([violation, new Promise<string>((resolve) => setTimeout(() => resolve('no violation'), 3000))]);
  };
  return 'mainFrame' in target ? target.evaluate(probe, url) : target.evaluate(probe, url);
}

test('the Content-Security-Policy keeps everything on the device: page, workers and service worker are refused foreign requests', async ({ page, context }) => {
  const policies: Record<string, string | undefined> = {};
  page.on('response', (r) => {
    if (r.url().includes('worker')) policies[r.url()] = r.headers()['content-security-policy'];
  });
  await page.goto('/');
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("connect-src 'self'");
  expect(meta).not.toContain("'unsafe-eval'");

  // The app's whole flow works under it.
  await demoAndRecognition(page);
  await serviceWorkerControls(page);

  expect(await refusedBy(page, 'http://example.invalid/')).toBe('connect-src');
  // Workers take their policy from their own response, never from the page's <meta>: every
  // worker the app started was sent it, and is refused too.
  const workers = page.workers();
  expect(workers.map((w) => new URL(w.url()).pathname.replace(/-[\w-]+\.js$/, ''))).toEqual(
    expect.arrayContaining(['/assets/imaging.worker', '/assets/search.worker', '/assets/vision.worker']),
  );
  for (const w of workers) {
    expect(policies[w.url()], w.url()).toBe(meta);
    expect(await refusedBy(w, 'http://example.invalid/'), w.url()).toBe('connect-src');
  }
  const [sw] = context.serviceWorkers();
  expect(sw).toBeDefined();
  expect(await refusedBy(sw as Worker, 'http://example.invalid/')).toBe('connect-src');
});

test('served from a sub-path, the app finds its models, demo and service worker there and asks for nothing outside it', async ({ browser, requestGuard }) => {
  test.setTimeout(240_000);
  const out = extraBuild('shoebox');
  // A host that serves nothing outside /shoebox/ (with the build's _headers, so its CSP too).
  const server = await serveFolder(out, '/shoebox/');
  const context = await browser.newContext({ baseURL: server.url });
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await demoAndRecognition(page);
    await serviceWorkerControls(page);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope)).toBe(server.url);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${server.url}sw.js`);
    const origin = new URL(server.url).origin;
    const outside = requestGuard.seen.map((r) => r.url).filter((url) => url.startsWith(origin) && !url.startsWith(server.url));
    expect(outside).toEqual([]);
    expect(requestGuard.seen.filter((r) => r.url.startsWith(`${server.url}models/`)).length).toBeGreaterThan(0);
  } finally {
    await context.close();
    await server.close();
  }
});
