import { BASELINE_RULE, CANDIDATE_SCORE, describe, NMS_IOU, portraitNeedsFace, suppress, type Detection, type LabelRule } from '../../src/vision/detections';

/**
 * Scoring labels against the eye (tests/fixtures/labels-eval/set.json) and calibrating the bars of
 * src/vision/detections.ts's LabelRule on the tune split. Pure: `npm run bench` feeds it the vision
 * worker's probes; tests/unit/label-eval.test.ts checks it on made-up ones.
 */

/** What the eye says a picture shows: labels it must get, and labels it may get (neither hit nor miss). */
export interface Truth {
  labels: Record<string, string>;
  maybe: Record<string, string>;
}

/** One picture of the set as the bench saw it: the truth and every detector candidate. */
export interface Seen {
  id: string;
  truth: Truth;
  detections: Detection[];
  /** Faces found in the preview, where they were looked for. */
  faces?: number;
}

export interface LabelCount {
  label: string;
  hits: number;
  misses: number;
  wrong: number;
}

export interface Score {
  recall: number;
  precision: number;
  hits: number;
  misses: number;
  wrong: number;
  /** The labels with the most errors (misses + wrong), worst first. */
  worst: LabelCount[];
  /** Every error: a label the eye sees that was not shown, or one shown that the eye rules out. */
  missed: string[];
  shownWrongly: string[];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The labels `rule` shows for a picture (as the vision worker's `analyse` makes them). */
export function shown(seen: Seen, rule: LabelRule): string[] {
  return portraitNeedsFace(describe(seen.detections, rule), seen.faces).labels.map((l) => l.name);
}

/** Recall and precision of `rule` over `set`, per label and overall (micro-averaged). */
export function score(set: readonly Seen[], rule: LabelRule): Score {
  const counts = new Map<string, LabelCount>();
  const count = (label: string) => counts.get(label) ?? (counts.set(label, { label, hits: 0, misses: 0, wrong: 0 }).get(label) as LabelCount);
  const missed: string[] = [];
  const shownWrongly: string[] = [];
  for (const seen of set) {
    const labels = new Set(shown(seen, rule));
    for (const label of Object.keys(seen.truth.labels)) {
      if (labels.has(label)) count(label).hits++;
      else {
        count(label).misses++;
        missed.push(`${seen.id}: ${label}`);
      }
    }
    for (const label of labels) {
      if (label in seen.truth.labels || label in seen.truth.maybe) continue;
      count(label).wrong++;
      shownWrongly.push(`${seen.id}: ${label}`);
    }
  }
  const all = [...counts.values()];
  const hits = all.reduce((s, c) => s + c.hits, 0);
  const misses = all.reduce((s, c) => s + c.misses, 0);
  const wrong = all.reduce((s, c) => s + c.wrong, 0);
  const worst = all
    .filter((c) => c.misses + c.wrong > 0)
    .sort((a, b) => b.misses + b.wrong - (a.misses + a.wrong) || a.hits - b.hits || a.label.localeCompare(b.label))
    .slice(0, 5);
  return {
    recall: round3(hits + misses ? hits / (hits + misses) : 1),
    precision: round3(hits + wrong ? hits / (hits + wrong) : 1),
    hits, misses, wrong, worst, missed, shownWrongly,
  };
}

/** The bars tried: 0.20 to 0.90 in steps of 0.01. */
const GRID = Array.from({ length: 71 }, (_, i) => round3(0.2 + i / 100));
/** No calibrated bar goes under this: below it CenterNet's candidates are mostly noise. */
export const LOWEST_BAR = 0.25;
/** A bar moved to take in (or leave out) a score stops this far short of it, not on it. */
const MARGIN = 0.02;

/** Each picture's best score per label after suppression: what any bar is compared with. */
function bestScores(seen: Seen, rule: Pick<LabelRule, 'rivals' | 'rivalIou'>): Map<string, number> {
  const best = new Map<string, number>();
  for (const d of suppress(seen.detections, NMS_IOU, CANDIDATE_SCORE, rule)) best.set(d.label, Math.max(best.get(d.label) ?? 0, d.score));
  return best;
}

/** Misses plus wrong labels of `label` at bar `t` (a picture's `maybe` counts neither way). */
function errorsAt(scores: readonly { best: Map<string, number>; truth: Truth }[], label: string, t: number): number {
  let errors = 0;
  for (const { best, truth } of scores) {
    const on = (best.get(label) ?? 0) >= t;
    if (label in truth.labels) errors += on ? 0 : 1;
    else if (on && !(label in truth.maybe)) errors++;
  }
  return errors;
}

/** The runs of consecutive grid bars with the fewest errors. */
function bestRuns(errors: (t: number) => number, grid: readonly number[]): [number, number][] {
  const values = grid.map(errors);
  const least = Math.min(...values);
  const runs: [number, number][] = [];
  grid.forEach((t, i) => {
    if (values[i] !== least) return;
    const last = runs.at(-1);
    if (last && grid[i - 1] === last[1] && values[i - 1] === least) last[1] = t;
    else runs.push([t, t]);
  });
  return runs;
}

/**
 * Calibrate a LabelRule on `tune`. Each label the tune pictures show, or show wrongly, gets its own
 * bar where one has fewer errors (misses + wrong labels) for it than `prior`, the bar before
 * calibration: the nearest such bar to `prior`, `MARGIN` inside the scores it takes in or leaves
 * out, never under `LOWEST_BAR`. A label the tune pictures say nothing about keeps `prior` (the
 * default): one bar for all, fitted to a few pictures, would be set by whichever labels they
 * happen to hold (the demo's drawn suns, read as frisbees, pushed it to 0.52 and cost real photos
 * their cups). Rule labels (group, portrait) follow the person bar. Then the Drawing bar: the
 * highest with the fewest errors (wrong labels on drawn pictures, misses on photos).
 */
export function calibrate(tune: readonly Seen[], base: Pick<LabelRule, 'rivals' | 'rivalIou'>, prior = BASELINE_RULE.default): LabelRule {
  const scores = tune.map((seen) => ({ best: bestScores(seen, base), truth: seen.truth }));
  const labels = new Set<string>();
  for (const { best, truth } of scores) {
    for (const l of Object.keys(truth.labels)) labels.add(l);
    for (const l of best.keys()) labels.add(l);
  }
  for (const rule of ['group', 'portrait']) labels.delete(rule);
  const byLabel: Record<string, number> = {};
  for (const label of [...labels].sort()) {
    const grid = GRID.filter((t) => t >= LOWEST_BAR);
    const bar = nearest(bestRuns((t) => errorsAt(scores, label, t), grid), prior);
    if (errorsAt(scores, label, bar) < errorsAt(scores, label, prior)) byLabel[label] = bar;
  }
  return { default: prior, byLabel, rivals: base.rivals, rivalIou: base.rivalIou };
}

function distance([lo, hi]: [number, number], t: number): number {
  return t < lo ? lo - t : t > hi ? t - hi : 0;
}

/** The bar of the best runs nearest to `t`: `t` itself when it is in one, else `MARGIN` inside the nearest run's edge. */
function nearest(runs: readonly [number, number][], t: number): number {
  const [lo, hi] = runs.reduce((a, b) => (distance(b, t) < distance(a, t) ? b : a));
  return round3(t < lo ? Math.min(lo + MARGIN, hi) : t > hi ? Math.max(hi - MARGIN, lo) : t);
}
