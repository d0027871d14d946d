import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/chromium';

const PORT = Number(process.env.BENCH_PORT ?? 4318);

/** `npm run bench`: the built app, Debian's Chromium, one benchmark run at a time. */
export default defineConfig({
  testDir: '.',
  testMatch: 'bench.spec.ts',
  timeout: 15 * 60_000,
  workers: 1,
  reporter: [['list']],
  outputDir: '../../test-results/bench',
  use: { baseURL: `http://127.0.0.1:${PORT}`, viewport: { width: 1280, height: 800 }, launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS } },
  webServer: { command: `npx vite preview --port ${PORT} --strictPort`, cwd: '../..', url: `http://127.0.0.1:${PORT}`, reuseExistingServer: false, timeout: 60_000 },
});
