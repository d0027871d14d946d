import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { BrowserLog, expect, printIfFailed, RequestGuard, test } from './fixtures';
import { installFolder, photoCount, searchFor, waitForImportDone } from './helpers';

/**
 * The thresholds (the label bars of models/label-thresholds.json, NSFW_RULE in src/vision/nsfw-rule.ts,
 * FACE_MIN_PIXELS in src/vision/faces.ts, JOIN_DISTANCE in src/catalog/face-cluster.ts) were tuned
 * on face-api's six sample photos. Here they meet real photos they were not tuned on, labelled by
 * eye in tests/fixtures/unseen-photos.json. Where today's models or thresholds disagree with the
 * eye, the disagreement is written down there (knownFailures, with the measured score) and is
 * asserted as measured below: it turns into an error the day it changes.
 *
 * Indexing is the slow part (a cold browser loads three models), so every photo is imported once,
 * into one page that the tests below share, in order.
 */
interface KnownFailure {
  check: 'label' | 'notLabel' | 'faces';
  label?: string;
  /** A 'faces' failure: how many of the photo's faces are kept (none unless said). */
  kept?: number;
  measured: string;
}
interface Unseen {
  file: string;
  package: string;
  path: string;
  labels: Record<string, string>;
  notLabels: Record<string, string>;
  faces: number | null;
  nsfw: boolean;
  knownFailures: KnownFailure[];
}

const { photos: UNSEEN } = JSON.parse(readFileSync('tests/fixtures/unseen-photos.json', 'utf8')) as { photos: Unseen[] };

function fileOf(p: Unseen) {
  const [, name, version] = /^(.+)@([^@]+)$/.exec(p.package) as RegExpExecArray;
  // The photos are the ones labelled only in this version of the package.
  expect(JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version, p.package).toBe(version);
  return { path: `unseen/${p.file}`, data: readFileSync(`node_modules/${name}/${p.path}`) };
}
const TUNED = [1, 2, 3, 4, 5, 6].map((n) => ({ path: `tuned/sample${n}.jpg`, data: readFileSync(`node_modules/@vladmandic/face-api/demo/sample${n}.jpg`) }));

const known = (p: Unseen, check: KnownFailure['check'], label?: string) => p.knownFailures.some((f) => f.check === check && f.label === label);
/** The faces the app keeps in a photo: the eye's count, or as measured where that is a known failure. */
const keptFaces = (p: Unseen): number => (known(p, 'faces') ? (p.knownFailures.find((f) => f.check === 'faces')?.kept ?? 0) : (p.faces ?? 0));

/** Open a photo in the viewer, found by its file name (the grid shows only the rows on screen). */
async function open(page: Page, file: string) {
  await page.getByRole('link', { name: 'Library' }).click();
  expect(await searchFor(page, `filename:${file}`)).toEqual([file]);
  await page.getByRole('list', { name: 'Results' }).getByRole('button', { name: file, exact: true }).click();
  return page.getByRole('dialog', { name: 'Photo viewer' });
}

/** The labels the viewer shows for a photo; it must not be private (the NSFW rule). */
async function labelsOf(page: Page, file: string): Promise<string[]> {
  const dialog = await open(page, file);
  await expect(dialog.getByRole('button', { name: 'Private' })).toHaveAttribute('aria-pressed', 'false');
  const region = dialog.getByRole('region', { name: 'Labels' });
  await expect(region.getByRole('textbox', { name: 'Add label' })).toBeVisible();
  const labels = await region.getByRole('link').allTextContents();
  await page.keyboard.press('Escape');
  return labels;
}

/** The face boxes of a photo that has some (their people's links), left to right. */
async function facesIn(page: Page, file: string, timeout?: number): Promise<string[]> {
  const dialog = await open(page, file);
  await dialog.getByRole('button', { name: 'Faces' }).click();
  const boxes = dialog.getByRole('link', { name: /^Face: / });
  try {
    await expect(boxes.first()).toBeVisible({ timeout });
    const found = await boxes.evaluateAll((links) => links.map((a) => ({ left: parseFloat((a as HTMLElement).style.left), href: a.getAttribute('href') ?? '' })));
    return found.sort((a, b) => a.left - b.left).map((b) => b.href);
  } finally {
    await page.keyboard.press('Escape');
  }
}

/** Check every label the eye expects, and none it rules out, except the written-down failures. */
async function checkLabels(page: Page, p: Unseen): Promise<void> {
  const labels = await labelsOf(page, p.file);
  for (const [label, why] of Object.entries(p.labels)) if (!known(p, 'label', label)) expect(labels, `${p.file} shows ${label}: ${why}`).toContain(label);
  for (const [label, why] of Object.entries(p.notLabels)) if (!known(p, 'notLabel', label)) expect(labels, `${p.file} is not ${label}: ${why}`).not.toContain(label);
}

test.describe.configure({ mode: 'serial' });
let context: BrowserContext;
let page: Page;
let guard: RequestGuard;
const log = new BrowserLog();

test.beforeAll(async ({ browser }, info) => {
  const baseURL = info.project.use.baseURL as string;
  context = await browser.newContext({ baseURL });
  // Made before any test, so no test's guard sees it: it gets its own.
  guard = new RequestGuard(baseURL);
  guard.watch(context);
  log.watch(context);
  page = await context.newPage();
});

test.afterEach(() => printIfFailed(log, test.info()));

test.afterAll(async () => {
  log.end();
  await context.close();
  expect(guard.foreign, 'requests that left the app').toEqual([]);
});

test('every photo is imported, and none of these ordinary photos is made private', async () => {
  test.setTimeout(150_000);
  // No photo here is explicit (the eye's nsfw: false), so the NSFW rule must hide none of them.
  expect(UNSEEN.filter((p) => p.nsfw).map((p) => p.file)).toEqual([]);
  const files = [...UNSEEN.map(fileOf), ...TUNED];
  await page.goto('/');
  await installFolder(page, files);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page, 120_000);
  await expect(photoCount(page)).toHaveText(`${files.length} photos`);
});

test('the labels the eye sees are found, and the ones it rules out are not', async () => {
  for (const p of UNSEEN) await checkLabels(page, p);
});

test('faces are found, and each unseen face stays its own person, apart from the tuned photos’ people', async () => {
  const withFaces = UNSEEN.filter((p) => keptFaces(p) > 0);
  const pairs = new Set<string>();
  for (const t of TUNED) {
    const file = t.path.split('/')[1] as string;
    for (const href of await facesIn(page, file)) pairs.add(`${href} ${file}`);
  }
  for (const p of withFaces) {
    const people = await facesIn(page, p.file);
    expect(people, `faces in ${p.file}`).toHaveLength(keptFaces(p));
    expect(new Set(people).size, `different people in ${p.file}`).toBe(keptFaces(p));
    for (const href of people) {
      pairs.add(`${href} ${p.file}`);
      await page.goto(`/${href}`);
      await expect(page.getByText('1 photo · 1 face'), `${p.file}'s person ${href} is no one else`).toBeVisible();
    }
  }
  // No other face: the People view counts exactly the person-and-photo pairs seen above, so the
  // photos where the eye sees no face (a skyline, a car, a mountain) and those whose faces are a
  // known failure or not asserted added none.
  await page.getByRole('link', { name: 'People', exact: true }).click();
  const list = page.getByRole('list', { name: 'People' });
  await expect(list).toBeVisible();
  const tiles = await list.getByRole('link').allInnerTexts();
  expect(tiles.map((t) => Number(/(\d+) photos?/.exec(t)?.[1])).reduce((a, b) => a + b, 0)).toBe(pairs.size);
});

/**
 * Each disagreement between the eye and today's thresholds or models, asserted as measured (not
 * as an expected failure, which any error would satisfy): a model or threshold that changes it,
 * either way, turns the run red until unseen-photos.json is updated.
 */
for (const p of UNSEEN) {
  for (const f of p.knownFailures) {
    const what = f.check === 'faces' ? `${f.kept ? `only ${f.kept}` : 'none'} of its ${p.faces} faces ${f.kept === 1 ? 'is' : 'are'} kept` : `${f.check === 'label' ? 'misses' : 'wrongly shows'} ${f.label}`;
    test(`known disagreement, ${p.file} ${what}: ${f.measured}`, async () => {
      if (f.check === 'faces' && f.kept) {
        expect(await facesIn(page, p.file)).toHaveLength(f.kept);
        return;
      }
      if (f.check === 'faces') {
        const dialog = await open(page, p.file);
        await dialog.getByRole('button', { name: 'Faces' }).click();
        await expect(dialog.getByRole('button', { name: 'Faces' })).toHaveAttribute('aria-pressed', 'true');
        // Indexing is done, so a box would be drawn at once: an absence needs a moment to be one.
        await page.waitForTimeout(2_000);
        await expect(dialog.getByRole('link', { name: /^Face: / })).toHaveCount(0);
        await page.keyboard.press('Escape');
        return;
      }
      const labels = await labelsOf(page, p.file);
      if (f.check === 'label') expect(labels).not.toContain(f.label);
      else expect(labels).toContain(f.label);
    });
  }
}
