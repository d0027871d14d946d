// `npm test`: typecheck, lint, unit tests (Vitest), browser tests (Playwright + Debian Chromium).
// Every step runs even when an earlier one fails; the last line is `N passed, N failed, N skipped`
// (the CI reads `N passed, N failed`). Skipped and todo tests are listed by name; a `.only`, or a
// sub-suite that ran no tests, fails the run (tests/summary.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { buildCommand, EXTRA_BUILDS } from './e2e/builds.mjs';
import { finalLine, playwrightTally, vitestTally } from './summary.mjs';

const results = 'test-results';
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
let passed = 0;
let failed = 0;
const skipped = [];

/** Adds one sub-suite's tally (tests/summary.mjs) and says what failed besides tests. */
function count(tally) {
  passed += tally.passed;
  failed += tally.failed + tally.problems.length;
  skipped.push(...tally.skipped);
  for (const p of tally.problems) console.log(`✘ ${p}`);
}

function run(label, command, args) {
  console.log(`\n▶ ${label}: ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit', shell: false, env: { ...process.env, FORCE_COLOR: '0' } });
  return r.status === 0;
}

/** `run`, awaited instead of blocking this process: resolves to whether it exited 0. */
function runAside(label, command, args) {
  console.log(`\n▶ ${label}: ${command} ${args.join(' ')}`);
  return new Promise((resolve) => {
    spawn(command, args, { stdio: 'inherit', shell: false, env: { ...process.env, FORCE_COLOR: '0' } }).on('close', (code) => resolve(code === 0));
  });
}

/**
 * Run `command` with its output kept, and print it whole when it ends (steps that run side by side
 * do not interleave their lines); resolves to whether it exited 0.
 */
function runQuietly(label, command, args, env = {}) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { shell: false, env: { ...process.env, ...env, FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => {
      console.log(`\n▶ ${label}: ${command} ${args.join(' ')} (${Math.round((Date.now() - t0) / 1000)} s)`);
      if (output.trim()) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
      resolve(code === 0);
    });
  });
}

/** Steps one after the other; resolves to each one's success. */
async function inTurn(steps) {
  const ok = [];
  for (const s of steps) ok.push(await s());
  return ok;
}

/** A step that counts: one passed, or one failed. */
function tally(label, ok) {
  if (ok) passed++;
  else {
    failed++;
    console.log(`✘ ${label} failed`);
  }
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browser = existsSync(chromium);

// Two lanes side by side (tsc and eslint use one core each; the builds' plugins mostly one too):
// the typechecks and lint in one; the app's build and the extra builds some browser tests need
// (tests/e2e/builds.mjs) in the other. The unit tests (timed ones among them), the browser tests
// and the bench each run alone after.
const checks = [
  ['typecheck', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['typecheck workers', ['tsc', '-p', 'workers/tsconfig.json', '--noEmit']],
  ['typecheck tests', ['tsc', '-p', 'tests/tsconfig.json']],
  // ESLint, then the folders' import rules (dependency-cruiser): package.json's lint script.
  ['lint', ['npm', 'run', '--silent', 'lint']],
];
// --allowOnly=false: a `.only` fails instead of silently skipping the rest (vite.config.ts too).
const unitArgs = ['vitest', 'run', '--allowOnly=false', '--reporter=default', '--reporter=json', `--outputFile.json=${results}/unit.json`];
const [checked, built] = await Promise.all([
  inTurn(checks.map(([label, args]) => () => runQuietly(label, 'npx', args))),
  browser
    ? inTurn([
      () => runQuietly('build', 'npx', ['vite', 'build', '--logLevel', 'warn']),
      ...Object.entries(EXTRA_BUILDS).map(([name, build]) => () => runQuietly(`build ${name} (for the browser tests)`, 'npx', buildCommand(build), build.env)),
    ])
    : [],
]);
checks.forEach(([label], i) => tally(label, checked[i]));
const unitOk = run('unit tests', 'npx', unitArgs);
if (existsSync(`${results}/unit.json`)) count(vitestTally(JSON.parse(readFileSync(`${results}/unit.json`, 'utf8')), unitOk));
else failed++;

if (!browser) {
  console.log(`✘ browser tests need Chromium at ${chromium} (install Debian's chromium, or set CHROMIUM_PATH)`);
  failed++;
} else if (!built[0]) {
  console.log('✘ build failed');
  failed++;
} else {
  // The extra builds were made above from this same tree: the specs use them instead of building.
  if (built.every(Boolean)) process.env.SHOEBOX_E2E_BUILDS = 'ready';
  // Two browsers side by side, then the tests that must have the machine to themselves
  // (tests/playwright.config.ts), then the bench's --shape run. (Run beside the shared tests, the
  // bench made them slower by more than its own time: the two cores were already full.)
  for (const project of ['shared', 'alone']) {
    process.env.E2E_REPORT = `e2e-${project}`;
    const e2eOk = await runAside(`browser tests (${project})`, 'npx', ['playwright', 'test', '-c', 'tests/playwright.config.ts', '--project', project]);
    if (existsSync(`${results}/e2e-${project}.json`)) count(playwrightTally(JSON.parse(readFileSync(`${results}/e2e-${project}.json`, 'utf8')), e2eOk));
    else failed++;
  }
  benchVerdict(await benchShape());
}

/**
 * `npm run bench -- --shape` (--quick on less data): resolves to its exit status, its JSON (stdout)
 * and its log (stderr).
 */
function benchShape() {
  return new Promise((resolve) => {
    const child = spawn('node', ['tests/bench/run.mjs', '--shape', '--skip-build'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Whether the bench printed the JSON the issue specifies (its keys, not its figures). */
function benchVerdict(r) {
  console.log('\n▶ bench --shape (the keys of its JSON)');
  process.stdout.write(r.stderr);
  const problems = [];
  try {
    const doc = JSON.parse(r.stdout);
    const backend = doc.machine?.tfjs_backend;
    if (typeof doc.machine?.cores !== 'number') problems.push('machine.cores');
    if (typeof doc.machine?.chromium !== 'string') problems.push('machine.chromium');
    if (typeof backend !== 'string') problems.push('machine.tfjs_backend');
    for (const model of ['centernet', 'nsfw_mobilenet_v2', 'faces']) {
      if (typeof doc.inference?.[model]?.[`${backend}_ms`] !== 'number') problems.push(`inference.${model}.${backend}_ms`);
    }
    const numbers = ['thumbnail.ms_12mp', 'thumbnail.ms_24mp', 'indexing.photos_per_s', 'indexing.photos_per_s_worst', 'indexing.cpu_ms_per_photo', 'indexing.longest_task_ms',
      ...['read', 'hash', 'sniff', 'exif', 'decode', 'resize_preview', 'resize_tile', 'encode_preview', 'encode_tile', 'phash', 'detector', 'nsfw', 'face_detect', 'face_landmarks', 'face_descriptor'].map((stage) => `indexing.stages_ms.${stage}`),
      'indexing.worker_busy.imaging_1', 'indexing.worker_busy.vision', 'indexing.raw_preview_ms', 'indexing.video_poster_ms', 'first_tile_ms', 'search.median_ms', 'search.p95_ms', 'grid.dom_nodes', 'grid.longest_task_ms', 'memory.peak_mb', 'memory.peak_mb_with_256mb_video', 'backup.export_s', 'backup.import_s', 'backup.peak_mb', 'backup.small.peak_mb', 'backup.peak_ratio', 'duplicates.precision', 'duplicates.recall', 'organise.select_all_ms', 'organise.batch_10k_ms',
      'labels.recall', 'labels.precision', 'labels.before.recall', 'labels.before.precision', 'labels.detector_ms', 'faces.pairs', 'faces.wrong_pairs', 'faces.right_pairs', 'nsfw.false_positives'];
    // vips is optional (libvips-tools): its figures are there exactly when it is installed.
    if (doc.thumbnail?.vips !== 'not installed') numbers.push('thumbnail.vips_ms_24mp', 'thumbnail.vips_ratio', 'thumbnail.ssim', 'thumbnail.ssim_stored');
    // The bench makes its HEICs with heif-enc (libheif-examples), vips and exiftool: where they are.
    if (['heif-enc', 'vips', 'exiftool'].every((tool) => spawnSync('which', [tool]).status === 0)) numbers.push('indexing.heic_ms');
    if (!Array.isArray(doc.labels?.worst)) problems.push('labels.worst');
    for (const key of numbers) {
      const value = key.split('.').reduce((o, k) => o?.[k], doc);
      if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(key);
    }
  } catch (e) {
    problems.push(`no JSON on stdout (${e.message})`);
  }
  if (r.status === 0 && problems.length === 0) {
    passed++;
    console.log('✓ bench --shape printed the expected keys');
  } else {
    failed++;
    console.log(`✘ bench --shape: exit ${r.status}; missing or wrong: ${problems.join(', ')}`);
  }
}

if (skipped.length) console.log('');
for (const name of skipped) console.log(`skipped: ${name}`);
console.log(`\n${finalLine(passed, failed, skipped.length)}`);
process.exit(failed ? 1 : 0);
