import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { test, expect, type Page } from '@playwright/test';
import { installFolder, waitForImportDone } from '../e2e/helpers';

/**
 * Figures from the built app, through the paths a person uses: pin a backend in Settings, add a
 * folder, read the analysis times Settings shows. More figures join this file (issue 7).
 */
const QUICK = process.env.BENCH_QUICK === '1';
const BACKENDS = QUICK ? ['wasm'] : ['webgpu', 'webgl', 'wasm', 'cpu'];
const PHOTOS = (QUICK ? [1, 3, 6] : [1, 2, 3, 4, 5, 6]).map((n) => ({
  path: `bench/sample${n}.jpg`,
  data: readFileSync(`node_modules/@vladmandic/face-api/demo/sample${n}.jpg`),
}));

type Results = Record<string, unknown> & { inference: Record<string, Record<string, number>> };

async function recognition(page: Page): Promise<{ status: string; rows: { model: string; median: number; p95: number }[] }> {
  await page.goto('/#/settings');
  await page.getByRole('button', { name: 'Refresh' }).click();
  const status = (await page.getByRole('status', { name: 'Inference backend' }).textContent({ timeout: 300_000 })) ?? '';
  const rows = await page.locator('table[aria-label="Analysis time per photo"] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({ model: tr.getAttribute('data-model') ?? '', median: Number(tr.getAttribute('data-median')), p95: Number(tr.getAttribute('data-p95')) })),
  );
  return { status, rows };
}

test('bench', async ({ browser }) => {
  const results: Results = {
    quick: QUICK,
    machine: { cores: cpus().length, memory_gb: Math.round(totalmem() / 2 ** 30), cpu: cpus()[0]?.model, chromium: browser.version() },
    inference: {},
  };
  for (const backend of [...BACKENDS, 'automatic']) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto('/#/settings');
      await page.getByRole('combobox', { name: 'Inference backend choice' }).selectOption(backend === 'automatic' ? '' : backend);
      const chosen = page.getByRole('status', { name: 'Inference backend' });
      await expect(chosen).toContainText(/Recognising photos with|unavailable/, { timeout: 300_000 });
      const runs = /with the (\w+) backend/.exec((await chosen.textContent()) ?? '')?.[1];
      if (backend === 'automatic') {
        (results.machine as Record<string, unknown>).tfjs_backend = runs ?? 'none';
        continue;
      }
      if (runs !== backend) continue; // not available here: no figure rather than a wrong one
      await page.getByRole('link', { name: 'Library' }).click();
      await installFolder(page, PHOTOS);
      await page.getByRole('button', { name: 'Add folder', exact: true }).click();
      // Software WebGPU needs about 12 s a photo here: allow it.
      await waitForImportDone(page, 600_000);
      for (const row of (await recognition(page)).rows) {
        results.inference[row.model] ??= {};
        const model = results.inference[row.model] as Record<string, number>;
        model[`${backend}_ms`] = Math.round(row.median * 10) / 10;
        model[`${backend}_p95_ms`] = Math.round(row.p95 * 10) / 10;
      }
    } finally {
      await context.close();
    }
  }
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
});
