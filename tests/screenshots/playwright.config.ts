import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/chromium';

const PORT = Number(process.env.SCREENSHOTS_PORT ?? 4319);

/**
 * `npm run screenshots`: the README's pictures (docs/screenshots/) and the manifest's
 * (public/screenshots/), taken from the built app with the demo loaded. A tool, not a test: `npm
 * test` does not run it.
 */
export default defineConfig({
  testDir: '.',
  testMatch: 'take.spec.ts',
  timeout: 5 * 60_000,
  workers: 1,
  reporter: [['list']],
  outputDir: '../../test-results/screenshots-run',
  use: { baseURL: `http://127.0.0.1:${PORT}`, viewport: { width: 1280, height: 800 }, serviceWorkers: 'block', launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS } },
  webServer: { command: `npx vite preview --port ${PORT} --strictPort`, cwd: '../..', url: `http://127.0.0.1:${PORT}`, reuseExistingServer: false, timeout: 60_000 },
});
