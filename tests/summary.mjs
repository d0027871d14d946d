// What `npm test` counts from each sub-suite's JSON report (plain JS: tests/run-all.mjs runs it
// without a build; tests/unit/summary.test.ts checks it). A sub-suite passes only if it ran at
// least one test, nothing failed and nothing was focused with `.only`; skipped and todo tests are
// counted and named, never silently dropped.

/**
 * @typedef {{ passed: number, failed: number, skipped: string[], problems: string[] }} Tally
 * `problems` are failures that are not a failed test (a `.only`, zero tests run, a crash): each
 * counts as one failure.
 */

/** Vitest's `--reporter=json` output; `ok` is whether the process exited 0. */
export function vitestTally(report, ok, cwd = process.cwd()) {
  /** @type {Tally} */
  const tally = { passed: 0, failed: 0, skipped: [], problems: [] };
  for (const file of report.testResults ?? []) {
    const name = relative(file.name, cwd);
    for (const t of file.assertionResults ?? []) {
      const title = [name, ...(t.ancestorTitles ?? []), t.title].join(' › ');
      if (t.status === 'passed') tally.passed++;
      else if (t.status === 'failed') tally.failed++;
      else tally.skipped.push(t.status === 'todo' ? `${title} (todo)` : title);
      if ((t.failureMessages ?? []).some((m) => m.includes('.only'))) tally.problems.push(`${title}: focused with .only`);
    }
    // A file that failed to load has no test results, only a message.
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) {
      tally.problems.push(`${name}: ${(file.message || 'failed').split('\n')[0]}`);
    }
  }
  finish(tally, 'unit tests', ok);
  return tally;
}

/** Playwright's JSON reporter output; `ok` is whether the process exited 0. */
export function playwrightTally(report, ok) {
  /** @type {Tally} */
  const tally = { passed: 0, failed: 0, skipped: [], problems: [] };
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const title = [...titles, spec.title].join(' › ');
        if (t.status === 'expected') tally.passed++;
        else if (t.status === 'skipped') {
          const fixme = (t.annotations ?? []).some((a) => a.type === 'fixme');
          tally.skipped.push(fixme ? `${title} (fixme)` : title);
        } else tally.failed++; // unexpected, and flaky (passed only on a retry)
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
  };
  for (const file of report.suites ?? []) walk(file, [file.file ?? file.title]);
  // forbidOnly, a spec that does not load, a global setup that throws: the run's own errors.
  for (const e of report.errors ?? []) tally.problems.push((e.message ?? String(e)).split('\n')[0]);
  finish(tally, 'browser tests', ok);
  return tally;
}

function finish(tally, suite, ok) {
  if (tally.passed + tally.failed === 0) tally.problems.push(`${suite} ran no tests`);
  if (!ok && tally.failed === 0 && tally.problems.length === 0) tally.problems.push(`${suite} exited with an error`);
}

function relative(path, cwd) {
  return path?.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : (path ?? '?');
}

/** The last line of `npm test`: the CI reads `N passed, N failed` from its start. */
export function finalLine(passed, failed, skipped) {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}
