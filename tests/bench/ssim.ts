/**
 * SSIM of two grey pictures of the same size, with a 7×7 uniform window (as scikit-image's
 * default, `structural_similarity(win_size=7)`), K1 = 0.01, K2 = 0.03, L = 255: the measure
 * docs/PLATFORM.md's calibration uses. Sums over each window come from summed-area tables.
 */
export function ssim(a: Float64Array, b: Float64Array, width: number, height: number, win = 7): number {
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  const w1 = width + 1;
  const tables = [new Float64Array(w1 * (height + 1)), new Float64Array(w1 * (height + 1)), new Float64Array(w1 * (height + 1)), new Float64Array(w1 * (height + 1)), new Float64Array(w1 * (height + 1))];
  const [sa, sb, saa, sbb, sab] = tables as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const va = a[i] as number;
      const vb = b[i] as number;
      const o = (y + 1) * w1 + x + 1;
      const up = o - w1;
      const values = [va, vb, va * va, vb * vb, va * vb];
      tables.forEach((t, k) => (t[o] = (values[k] as number) + (t[o - 1] as number) + (t[up] as number) - (t[up - 1] as number)));
    }
  }
  const n = win * win;
  const cov = n / (n - 1); // sample covariance, as scikit-image
  const box = (t: Float64Array, x: number, y: number) =>
    (t[(y + win) * w1 + x + win] as number) - (t[y * w1 + x + win] as number) - (t[(y + win) * w1 + x] as number) + (t[y * w1 + x] as number);
  let total = 0;
  let count = 0;
  for (let y = 0; y + win <= height; y++) {
    for (let x = 0; x + win <= width; x++) {
      const ma = box(sa, x, y) / n;
      const mb = box(sb, x, y) / n;
      const va = (box(saa, x, y) / n - ma * ma) * cov;
      const vb = (box(sbb, x, y) / n - mb * mb) * cov;
      const vab = (box(sab, x, y) / n - ma * mb) * cov;
      total += ((2 * ma * mb + c1) * (2 * vab + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      count++;
    }
  }
  return total / count;
}

/** Rec. 601 luma of RGBA pixels. */
export function grey(rgba: ArrayLike<number>, channels = 4): Float64Array {
  const out = new Float64Array(rgba.length / channels);
  for (let i = 0, j = 0; j < out.length; i += channels, j++) out[j] = 0.299 * (rgba[i] as number) + 0.587 * (rgba[i + 1] as number) + 0.114 * (rgba[i + 2] as number);
  return out;
}
