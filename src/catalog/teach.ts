import type { TaughtModel, TaughtRow } from './types';

/**
 * Labels taught by example ("Teach a label…"): a logistic regression over the photos' vectors
 * (vision/embedding.ts), the photos the person said are the subject against those they said are
 * not and a sample of the rest of the library. The rest is unlabelled (some of it may well be the
 * subject), so it weighs lightly: the person's answers outweigh it. Fitted by Newton's method
 * (iteratively reweighted least squares) with a ridge: 129 unknowns, a few dozen to a few hundred
 * photos, a handful of steps, some milliseconds.
 *
 * A score is the model's log-odds. The threshold above which a photo indexed later gets the label
 * as a suggestion is learned from scores the model did not fit: each answer scored by a model fitted
 * without it (leave one out), or a sample of the library the model never saw.
 */

/** Examples, each a unit-length vector. */
export interface Examples {
  yes: readonly Float32Array[];
  no: readonly Float32Array[];
  /** A sample of the library, neither answered. */
  rest: readonly Float32Array[];
}

/** How much each kind of example weighs in all: the answers as much as everything else together. */
const WEIGHT = { yes: 0.5, no: 0.3, rest: 0.2, restAlone: 0.5 };
/** The ridge on the weights (not the bias), relative to the total weight of 1. */
const RIDGE = 0.05;
const STEPS = 12;

/** A stored int8 vector as unit-length floats. */
export function unitVector(v: ArrayLike<number>, scale = 1): Float32Array {
  const out = Float32Array.from(v as ArrayLike<number>, (x) => x * scale);
  let norm = 0;
  for (const x of out) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / norm;
  return out;
}

/** The model's log-odds for a unit vector. */
export function scoreOf(model: Pick<TaughtModel, 'w' | 'b'>, x: ArrayLike<number>): number {
  let s = model.b;
  const w = model.w;
  for (let j = 0; j < w.length; j++) s += (w[j] as number) * (x[j] as number);
  return s;
}

/** Fit weights and bias (no threshold): `start` warms the fit (leave-one-out fits start from the whole one). */
export function fit(examples: Examples, start?: Pick<TaughtModel, 'w' | 'b'>): { w: number[]; b: number } {
  const rows: { x: Float32Array; y: 0 | 1; c: number }[] = [];
  const add = (list: readonly Float32Array[], y: 0 | 1, total: number) => list.forEach((x) => rows.push({ x, y, c: total / list.length }));
  add(examples.yes, 1, WEIGHT.yes);
  add(examples.no, 0, WEIGHT.no);
  add(examples.rest, 0, examples.no.length ? WEIGHT.rest : WEIGHT.restAlone);
  const dims = rows[0]?.x.length ?? 0;
  // Each dimension centred and scaled by the examples' spread: photos' vectors differ from each
  // other by little (they share most of their direction), which a ridge on raw values would drown.
  const mean = new Float64Array(dims);
  const spread = new Float64Array(dims);
  for (const { x } of rows) for (let j = 0; j < dims; j++) mean[j] = (mean[j] as number) + (x[j] as number) / rows.length;
  for (const { x } of rows) for (let j = 0; j < dims; j++) spread[j] = (spread[j] as number) + ((x[j] as number) - (mean[j] as number)) ** 2 / rows.length;
  for (let j = 0; j < dims; j++) spread[j] = Math.sqrt(spread[j] as number) || 1;
  const scaled = rows.map((r) => ({ ...r, x: Float32Array.from(r.x, (v, j) => (v - (mean[j] as number)) / (spread[j] as number)) }));
  const n = dims + 1; // the weights, then the bias
  const beta = new Float64Array(n);
  if (start && start.w.length === dims) {
    // The start's weights, in the scaled space.
    let b = start.b;
    for (let j = 0; j < dims; j++) {
      beta[j] = (start.w[j] as number) * (spread[j] as number);
      b += (start.w[j] as number) * (mean[j] as number);
    }
    beta[dims] = b;
  }
  const h = new Float64Array(n * n);
  const g = new Float64Array(n);
  for (let step = 0; step < STEPS; step++) {
    h.fill(0);
    g.fill(0);
    for (const { x, y, c } of scaled) {
      let z = beta[dims] as number;
      for (let j = 0; j < dims; j++) z += (beta[j] as number) * (x[j] as number);
      const p = 1 / (1 + Math.exp(-z));
      const r = c * (p - y);
      const q = c * Math.max(p * (1 - p), 1e-6);
      for (let j = 0; j < n; j++) {
        const xj = j < dims ? (x[j] as number) : 1;
        g[j] = (g[j] as number) + r * xj;
        const qx = q * xj;
        if (qx === 0) continue;
        for (let k = 0; k <= j; k++) h[j * n + k] = (h[j * n + k] as number) + qx * (k < dims ? (x[k] as number) : 1);
      }
    }
    for (let j = 0; j < dims; j++) {
      g[j] = (g[j] as number) + RIDGE * (beta[j] as number);
      h[j * n + j] = (h[j * n + j] as number) + RIDGE;
    }
    h[n * n - 1] = (h[n * n - 1] as number) + 1e-9;
    const delta = solveSymmetric(h, g, n);
    let moved = 0;
    for (let j = 0; j < n; j++) {
      beta[j] = (beta[j] as number) - (delta[j] as number);
      moved = Math.max(moved, Math.abs(delta[j] as number));
    }
    if (moved < 1e-4) break;
  }
  // Back to weights over the vector as stored: w·(x − mean)/spread + b.
  const w = Array.from({ length: dims }, (_, j) => (beta[j] as number) / (spread[j] as number));
  let b = beta[dims] as number;
  for (let j = 0; j < dims; j++) b -= (w[j] as number) * (mean[j] as number);
  return { w, b };
}

/** Solve H·x = g for a symmetric positive-definite H (its lower triangle filled), by Cholesky. */
function solveSymmetric(h: Float64Array, g: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = h[i * n + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * n + j] as number);
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = g[i] as number;
    for (let k = 0; k < i; k++) sum -= (l[i * n + k] as number) * (y[k] as number);
    y[i] = sum / (l[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i] as number;
    for (let k = i + 1; k < n; k++) sum -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = sum / (l[i * n + i] as number);
  }
  return x;
}

/** Answers scored without themselves: at most this many of each kind (each is one more fit). */
const LEAVE_OUT = 12;

/** Without a "no" answer, the share of the library assumed not to be the subject. */
const NOT_IT = 0.9;

/**
 * Fit the model and learn its threshold. `unseen`: more of the library, not in `examples.rest`.
 * What must stay out is what the person said is not it (each scored by a fit without it); without
 * such an answer, the unseen sample's 90th percentile (the library is taken to be at most a tenth
 * the subject: its own photos are in that sample too). The threshold lies halfway between that and
 * the lowest left-out "yes"; when those overlap, just above what must stay out: a suggestion should
 * rather be missing than wrong. models/SIMILAR.md measures the choice.
 */
export function teach(examples: Examples, unseen: readonly Float32Array[], ver: number): TaughtModel {
  const whole = fit(examples);
  const left = (kind: 'yes' | 'no') => examples[kind].slice(0, LEAVE_OUT).map((x, i) => {
    const without = { ...examples, [kind]: examples[kind].filter((_, k) => k !== i) };
    return without.yes.length ? scoreOf(fit(without, whole), x) : scoreOf(whole, x);
  });
  const yes = left('yes');
  const no = left('no');
  const rest = unseen.map((x) => scoreOf(whole, x)).sort((a, b) => a - b);
  const floor = no.length ? Math.max(...no) : rest.length ? (rest[Math.min(rest.length - 1, Math.floor(rest.length * NOT_IT))] as number) : -Infinity;
  const lowestYes = Math.min(...yes);
  const threshold = !Number.isFinite(floor) ? lowestYes - 1 : lowestYes > floor ? (lowestYes + floor) / 2 : floor + 1e-6;
  return { ...whole, threshold, ver };
}

/** The answers so far and these new ones (a later answer about a photo wins). */
export function mergeAnswers(before: Pick<TaughtRow, 'yes' | 'no'> | undefined, yes: readonly string[], no: readonly string[]): Pick<TaughtRow, 'yes' | 'no'> {
  const saidNo = new Set(no);
  const saidYes = new Set(yes);
  return {
    yes: [...new Set([...(before?.yes ?? []).filter((id) => !saidNo.has(id)), ...yes])],
    no: [...new Set([...(before?.no ?? []).filter((id) => !saidYes.has(id)), ...no])],
  };
}
