// `npm run typecheck`: the app (DOM library), the workers (WebWorker library) and the tests (Node's
// types), side by side rather than one after another (about 30, 15 and 15 s of one core each
// here), each keeping its incremental state under node_modules/.cache so a run after a small edit
// rechecks only what it touched. Exits non-zero when any of them fails.
import { spawn } from 'node:child_process';

const projects = { app: 'tsconfig.json', workers: 'workers/tsconfig.json', tests: 'tests/tsconfig.json' };
const results = await Promise.all(
  Object.entries(projects).map(([name, config]) => new Promise((resolve) => {
    const args = ['tsc', '-p', config, '--noEmit', '--incremental', '--tsBuildInfoFile', `node_modules/.cache/tsc/${name}.tsbuildinfo`];
    spawn('npx', args, { stdio: 'inherit' }).on('close', (code) => resolve(code === 0 ? undefined : name));
  })),
);
const failed = results.filter(Boolean);
if (failed.length) {
  console.error(`✘ typecheck failed: ${failed.join(', ')}`);
  process.exit(1);
}
