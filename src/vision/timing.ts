import type { Timing } from './types';

/** The analyses of one kind a vision worker keeps the times of (the last `KEPT_TIMES`). */
export type TimedModel = 'centernet' | 'nsfw_mobilenet_v2' | 'embedding' | 'faces';
/** How many of the last analyses' times are kept, per model. */
export const KEPT_TIMES = 500;

/** Keep `ms` in `list`, dropping the oldest past `KEPT_TIMES`. */
export function keepTime(list: number[], ms: number): void {
  list.push(ms);
  if (list.length > KEPT_TIMES) list.shift();
}

/** Median and 95th percentile of a list of times, if there are any. */
export function summarise(list: readonly number[]): Timing | undefined {
  if (!list.length) return undefined;
  const sorted = [...list].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { median: at(0.5), p95: at(0.95), count: sorted.length };
}
