import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './e2e/chromium';
const PORT = Number(process.env.E2E_PORT ?? 4317);

export default defineConfig({
  testDir: './e2e',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  // Each test its own job, so the two browsers share the long files' tests too (thresholds.spec is serial).
  fullyParallel: true,
  // A `.only` left in a spec fails the run (locally too: `npm test` is what a change is checked with).
  forbidOnly: true,
  // Two projects, run one after the other (tests/run-all.mjs, `npm run test:e2e`). "shared": two
  // browsers side by side — a test alone leaves about a third of these two cores idle (waiting on
  // storage, the GPU process, timers). "alone": the tests tagged @alone measure the page's long
  // tasks, and must not share the machine.
  workers: 2,
  projects: [
    { name: 'shared', grepInvert: /@alone/ },
    { name: 'alone', grep: /@alone/, workers: 1 },
  ],
  reporter: [['list'], ['json', { outputFile: `../test-results/${process.env.E2E_REPORT ?? 'e2e'}.json` }]],
  outputDir: `../test-results/${process.env.E2E_REPORT ?? 'e2e'}`,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 800 },
    // Each test's fresh profile would otherwise precache the app and its models (about 34 MB)
    // beside the test. The specs about the service worker (offline, updates, hosting, the request
    // guard) allow it (`test.use`), as do contexts a test opens itself.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort`,
    cwd: '..',
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
