import { describe, expect, it } from 'vitest';
import { finalLine, playwrightTally, vitestTally } from '../summary.mjs';

// Shapes as Vitest 4's and Playwright 1.65's JSON reporters write them (trimmed to what is read).
const vitestFile = (name: string, tests: { title: string; status: string; ancestors?: string[]; failure?: string }[], status = 'passed') => ({
  name: `/repo/${name}`,
  status,
  message: '',
  assertionResults: tests.map((t) => ({ title: t.title, ancestorTitles: t.ancestors ?? [], status: t.status, failureMessages: t.failure ? [t.failure] : [] })),
});

const pwTest = (status: string, annotations: { type: string }[] = []) => ({ status, annotations });

describe('npm test counts Vitest', () => {
  it('counts passed and failed tests, and names the skipped and todo ones', () => {
    const report = {
      testResults: [
        vitestFile('tests/unit/a.test.ts', [
          { title: 'passes', status: 'passed', ancestors: ['group'] },
          { title: 'fails', status: 'failed' },
          { title: 'not yet', status: 'skipped', ancestors: ['group'] },
          { title: 'some day', status: 'todo' },
        ], 'failed'),
      ],
    };
    expect(vitestTally(report, false, '/repo')).toEqual({
      passed: 1,
      failed: 1,
      skipped: ['tests/unit/a.test.ts › group › not yet', 'tests/unit/a.test.ts › some day (todo)'],
      problems: [],
    });
  });

  it('fails a run that ran no tests', () => {
    expect(vitestTally({ testResults: [] }, true).problems).toEqual(['unit tests ran no tests']);
    const allSkipped = { testResults: [vitestFile('tests/unit/a.test.ts', [{ title: 'x', status: 'skipped' }])] };
    expect(vitestTally(allSkipped, true, '/repo')).toMatchObject({ passed: 0, skipped: ['tests/unit/a.test.ts › x'], problems: ['unit tests ran no tests'] });
  });

  it('fails a .only (what --allowOnly=false reports)', () => {
    const report = {
      testResults: [
        vitestFile('tests/unit/a.test.ts', [
          { title: 'focused', status: 'failed', failure: 'Error: [Vitest] Unexpected .only modifier. Remove it or pass --allowOnly argument to bypass this error' },
          { title: 'the rest', status: 'skipped' },
        ], 'failed'),
      ],
    };
    expect(vitestTally(report, false, '/repo').problems).toEqual(['tests/unit/a.test.ts › focused: focused with .only']);
  });

  it('fails a file that does not load, and a non-zero exit with nothing to show for it', () => {
    const broken = { testResults: [vitestFile('tests/unit/b.test.ts', [], 'failed'), vitestFile('tests/unit/a.test.ts', [{ title: 'ok', status: 'passed' }])] };
    broken.testResults[0]!.message = 'Failed to load url ./nowhere\nstack';
    expect(vitestTally(broken, false, '/repo').problems).toEqual(['tests/unit/b.test.ts: Failed to load url ./nowhere']);
    const ok = { testResults: [vitestFile('tests/unit/a.test.ts', [{ title: 'ok', status: 'passed' }])] };
    expect(vitestTally(ok, false, '/repo').problems).toEqual(['unit tests exited with an error']);
    expect(vitestTally(ok, true, '/repo').problems).toEqual([]);
  });
});

describe('npm test counts Playwright', () => {
  const report = {
    suites: [
      {
        title: 'a.spec.ts',
        file: 'a.spec.ts',
        specs: [{ title: 'top', tests: [pwTest('expected')] }],
        suites: [
          {
            title: 'group',
            file: 'a.spec.ts',
            specs: [
              { title: 'skipped one', tests: [pwTest('skipped', [{ type: 'skip' }])] },
              { title: 'fixme one', tests: [pwTest('skipped', [{ type: 'fixme' }])] },
              { title: 'breaks', tests: [pwTest('unexpected')] },
              { title: 'wobbles', tests: [pwTest('flaky')] },
            ],
          },
        ],
      },
    ],
    errors: [],
  };

  it('counts expected as passed, unexpected and flaky as failed, and names the skipped ones', () => {
    expect(playwrightTally(report, false)).toEqual({
      passed: 1,
      failed: 2,
      skipped: ['a.spec.ts › group › skipped one', 'a.spec.ts › group › fixme one (fixme)'],
      problems: [],
    });
  });

  it('fails a .only (forbidOnly) and a run with no tests', () => {
    const focused = { suites: [], errors: [{ message: 'Error: item focused with \'.only\' is not allowed due to the \'forbidOnly\' option in \'playwright.config.ts\': "a.spec.ts top"' }] };
    expect(playwrightTally(focused, false).problems).toEqual([
      'Error: item focused with \'.only\' is not allowed due to the \'forbidOnly\' option in \'playwright.config.ts\': "a.spec.ts top"',
      'browser tests ran no tests',
    ]);
    expect(playwrightTally({ suites: [], errors: [] }, true).problems).toEqual(['browser tests ran no tests']);
  });
});

it('the last line starts with what the CI reads', () => {
  expect(finalLine(12, 0, 3)).toBe('12 passed, 0 failed, 3 skipped');
  expect(finalLine(12, 1, 0)).toMatch(/^\d+ passed, \d+ failed/);
});
