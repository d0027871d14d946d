// `npm run bench [-- --quick | --shape] [--calibrate] [--only=NAME]`: builds the app, runs the benchmark in Debian's Chromium, prints one
// JSON document to stdout (everything else goes to stderr) and leaves it in bench/results.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const quick = process.argv.includes('--quick');
// --shape: --quick on the least data that still gives every key (npm test checks the keys only).
const shape = process.argv.includes('--shape');
const skipBuild = process.argv.includes('--skip-build');
// --calibrate: the label bars are calibrated on the evaluation set's tune split and written to models/label-thresholds.json.
const calibrate = process.argv.includes('--calibrate');
// --only=NAME: run only the bench tests whose title contains NAME (e.g. --only=labels).
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const run = (args) => spawnSync('npx', args, { stdio: ['ignore', process.stderr, process.stderr], env: { ...process.env, BENCH_QUICK: shape ? 'shape' : quick ? '1' : '0', BENCH_CALIBRATE: calibrate ? '1' : '0' } });

const parts = () => (existsSync('bench') ? readdirSync('bench').filter((f) => /^results\.part\d+\.json$/.test(f)).map((f) => `bench/${f}`) : []);
for (const f of [...parts(), 'bench/results.json']) rmSync(f, { force: true });

/** Objects merged key by key (each bench worker wrote the figures of its own tests). */
function merge(into, from) {
  for (const [k, v] of Object.entries(from)) {
    into[k] = v && typeof v === 'object' && !Array.isArray(v) && into[k] && typeof into[k] === 'object' ? merge(into[k], v) : v;
  }
  return into;
}

if (!skipBuild && run(['vite', 'build', '--logLevel', 'warn']).status !== 0) process.exit(1);
const bench = run(['playwright', 'test', '-c', 'tests/bench/playwright.config.ts', ...(only ? ['-g', only] : [])]);
if (bench.status !== 0) {
  console.error('bench failed');
  process.exit(1);
}
const results = parts().reduce((all, f) => merge(all, JSON.parse(readFileSync(f, 'utf8'))), {});
for (const f of parts()) rmSync(f);
writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(readFileSync('bench/results.json', 'utf8'));
