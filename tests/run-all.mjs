// `npm test`: typecheck, lint, unit tests (Vitest), browser tests (Playwright + Debian Chromium).
// Every step runs even when an earlier one fails; the last line is `N passed, N failed, N skipped`
// (the CI reads `N passed, N failed`). Skipped and todo tests are listed by name; a `.only`, or a
// sub-suite that ran no tests, fails the run (tests/summary.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { buildCommand, EXTRA_BUILDS } from './e2e/builds.mjs';
import { finalLine, playwrightTally, vitestTally } from './summary.mjs';
import { TSC, TS_PROJECTS } from './tsc.mjs';

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

// Two lanes side by side: the typechecks and lint in one, the app's build in the other; then the
// extra builds some browser tests need (tests/e2e/builds.mjs), each taken by whichever lane is free
// first. The unit tests (timed ones among them), the browser tests and the bench each run alone after.
const [tsc, tscArgs] = TSC;
const checks = [
  ...Object.entries(TS_PROJECTS).map(([name, config]) => [name === 'app' ? 'typecheck' : `typecheck ${name}`, tsc, [...tscArgs, '-p', config, '--noEmit']]),
  // ESLint, then the folders' import rules (dependency-cruiser): package.json's lint script.
  ['lint', 'npm', ['run', '--silent', 'lint']],
];
const extraBuilds = browser ? Object.entries(EXTRA_BUILDS) : [];
const extraBuilt = [];
/** The extra builds not yet taken, one after another, in this lane. */
async function takeExtraBuilds() {
  for (let next = extraBuilds.shift(); next; next = extraBuilds.shift()) {
    const [name, build] = next;
    extraBuilt.push(await runQuietly(`build ${name} (for the browser tests)`, 'npx', buildCommand(build), build.env));
  }
}
// --allowOnly=false: a `.only` fails instead of silently skipping the rest (vite.config.ts too).
const unitArgs = ['vitest', 'run', '--allowOnly=false', '--reporter=default', '--reporter=json', `--outputFile.json=${results}/unit.json`];
const [checked, built] = await Promise.all([
  inTurn(checks.map(([label, command, args]) => () => runQuietly(label, command, args))).then(async (ok) => (await takeExtraBuilds(), ok)),
  browser ? runQuietly('build', 'npx', ['vite', 'build', '--logLevel', 'warn']).then(async (ok) => (await takeExtraBuilds(), ok)) : false,
]);
checks.forEach(([label], i) => tally(label, checked[i]));
const unitOk = run('unit tests', 'npx', unitArgs);
if (existsSync(`${results}/unit.json`)) count(vitestTally(JSON.parse(readFileSync(`${results}/unit.json`, 'utf8')), unitOk));
else failed++;

if (!browser) {
  console.log(`✘ browser tests need Chromium at ${chromium} (install Debian's chromium, or set CHROMIUM_PATH)`);
  failed++;
} else if (!built) {
  console.log('✘ build failed');
  failed++;
} else {
  // The extra builds were made above from this same tree: the specs use them instead of building.
  if (extraBuilt.length === Object.keys(EXTRA_BUILDS).length && extraBuilt.every(Boolean)) process.env.SHOEBOX_E2E_BUILDS = 'ready';
  // Two browsers side by side, then the tests that must have the machine to themselves
  // (tests/playwright.config.ts). The bench is not a test: `npm run bench -- --shape` checks its
  // JSON's keys in about four minutes, which the CI's 20 minutes no longer have room for.
  for (const project of ['shared', 'alone']) {
    process.env.E2E_REPORT = `e2e-${project}`;
    const e2eOk = await runAside(`browser tests (${project})`, 'npx', ['playwright', 'test', '-c', 'tests/playwright.config.ts', '--project', project]);
    if (existsSync(`${results}/e2e-${project}.json`)) count(playwrightTally(JSON.parse(readFileSync(`${results}/e2e-${project}.json`, 'utf8')), e2eOk));
    else failed++;
  }
}

if (skipped.length) console.log('');
for (const name of skipped) console.log(`skipped: ${name}`);
console.log(`\n${finalLine(passed, failed, skipped.length)}`);
process.exit(failed ? 1 : 0);
