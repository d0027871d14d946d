// The builds some browser tests need besides dist/ (plain JS: tests/run-all.mjs makes them too).
// `npm test` makes them once, alongside the typecheck, and says so with SHOEBOX_E2E_BUILDS=ready;
// a spec run on its own builds the one it needs when it starts.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** A second deployment (pwa.spec: "Update available"), and the app built for a sub-path (hosting.spec). */
export const EXTRA_BUILDS = {
  second: { outDir: join('tests', '.generated', 'build-second'), args: [], env: { SHOEBOX_BUILD_ID: 'second' } },
  shoebox: { outDir: join('tests', '.generated', 'build-shoebox'), args: ['--base', '/shoebox/'], env: {} },
};

/** The command (after `npx`) that makes `build`. */
export const buildCommand = (build) => ['vite', 'build', '--logLevel', 'error', ...build.args, '--outDir', build.outDir, '--emptyOutDir'];

/** The folder of the extra build `name`, built now unless `npm test` already built it in this run. */
export function extraBuild(name) {
  const build = EXTRA_BUILDS[name];
  if (process.env.SHOEBOX_E2E_BUILDS !== 'ready') execFileSync('npx', buildCommand(build), { env: { ...process.env, ...build.env } });
  return build.outDir;
}
