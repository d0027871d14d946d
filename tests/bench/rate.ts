/**
 * Photos a second once an import has warmed up: from the analyses' ends (each vision task is one
 * photo's last step), the rate between the photo a quarter of the way in and the one 5 % before
 * the end. The first seconds of an import load the models while a core idles (docs/PLATFORM.md),
 * which a 200-photo run feels and a 40,000-photo library does not.
 */
export function steadyRate(ends: readonly number[]): number | undefined {
  const sorted = [...ends].sort((a, b) => a - b);
  const n = sorted.length;
  let [lo, hi] = [Math.floor(n / 4), n - 1 - Math.floor(n / 20)];
  if (hi - lo < 2) [lo, hi] = [0, n - 1];
  const span = (sorted[hi] ?? 0) - (sorted[lo] ?? 0);
  return hi > lo && span > 0 ? ((hi - lo) * 1000) / span : undefined;
}
