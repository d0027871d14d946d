import { test as base, expect } from '@playwright/test';

/**
 * Every browser test runs under this fixture: it records each request the browser makes (pages and
 * workers) and fails the test if any left the app's origin. No byte of a photo leaves the device.
 */
export const test = base.extend<{ sameOriginOnly: void }>({
  sameOriginOnly: [
    async ({ context, baseURL }, use) => {
      const origin = new URL(baseURL as string).origin;
      const foreign: string[] = [];
      context.on('request', (r) => {
        const url = r.url();
        if (!(url.startsWith(`${origin}/`) || url.startsWith('blob:') || url.startsWith('data:'))) foreign.push(url);
      });
      await use();
      expect(foreign, 'requests that left the app origin').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
