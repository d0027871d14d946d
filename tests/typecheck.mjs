// `npm run typecheck`: the app, the workers and the tests (tests/tsc.mjs), side by side, each
// keeping its incremental state under node_modules/.cache so a run after a small edit rechecks
// only what it touched. Exits non-zero when any of them fails.
import { spawn } from 'node:child_process';
import { TSC, TS_PROJECTS } from './tsc.mjs';

const [command, leading] = TSC;
const results = await Promise.all(
  Object.entries(TS_PROJECTS).map(([name, config]) => new Promise((resolve) => {
    const args = [...leading, '-p', config, '--noEmit', '--incremental', '--tsBuildInfoFile', `node_modules/.cache/tsc/${name}.tsbuildinfo`];
    spawn(command, args, { stdio: 'inherit' }).on('close', (code) => resolve(code === 0 ? undefined : name));
  })),
);
const failed = results.filter(Boolean);
if (failed.length) {
  console.error(`✘ typecheck failed: ${failed.join(', ')}`);
  process.exit(1);
}
