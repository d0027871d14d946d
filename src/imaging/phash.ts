/**
 * A 64-bit DCT perceptual hash (pHash, as phash.org and Python's imagehash define it) of a
 * picture's pixels: the picture averaged down to 32×32 grey cells, a 2-D DCT-II, the 8×8 lowest
 * frequencies but the first row and column (the DC term and the pure gradients, which brightness
 * and exposure move), and one bit per coefficient above their median. Copies that were resized,
 * recompressed, re-encoded, lightly cropped or brightened keep most bits (see
 * tests/unit/duplicates.test.ts for the distances measured on real photos).
 *
 * Written here rather than taken from npm: the packages there either need Node's `sharp`
 * (sharp-phash), decode files themselves (imghash, image-hash) or are the block-mean hash, which
 * a crop moves more (blockhash-core, unmaintained since 2019). This is ~40 lines over the tile
 * the imaging worker already has.
 */

const CELLS = 32;
const LOW = 8;

/** cos((2x + 1)uπ / 64) for the frequencies 1–8 and positions 0–31. */
const COS = Array.from({ length: LOW }, (_, k) => Float64Array.from({ length: CELLS }, (_, x) => Math.cos(((2 * x + 1) * (k + 1) * Math.PI) / (2 * CELLS))));

/** Mean luminance (Rec. 601) of each of 32×32 cells, by area: every pixel counts once. */
function greyCells(rgba: ArrayLike<number>, width: number, height: number): Float64Array {
  const sum = new Float64Array(CELLS * CELLS);
  const count = new Float64Array(CELLS * CELLS);
  for (let y = 0; y < height; y++) {
    const row = Math.floor((y * CELLS) / height) * CELLS;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const cell = row + Math.floor((x * CELLS) / width);
      sum[cell] = (sum[cell] as number) + 0.299 * (rgba[i] as number) + 0.587 * (rgba[i + 1] as number) + 0.114 * (rgba[i + 2] as number);
      count[cell] = (count[cell] as number) + 1;
    }
  }
  return sum.map((s, i) => s / Math.max(1, count[i] as number));
}

/** One pass of the separable DCT: out[i · 8 + k] = Σj at(i, j) · cos((2j + 1)(k + 1)π / 64), for i < n. */
function pass(n: number, at: (i: number, j: number) => number): Float64Array {
  const out = new Float64Array(n * LOW);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < LOW; k++) {
      let s = 0;
      for (let j = 0; j < CELLS; j++) s += at(i, j) * ((COS[k] as Float64Array)[j] as number);
      out[i * LOW + k] = s;
    }
  }
  return out;
}

/** The hash of RGBA pixels (a canvas's ImageData), 16 hex digits. */
export function perceptualHash(rgba: ArrayLike<number>, width: number, height: number): string {
  const grey = greyCells(rgba, width, height);
  // Along rows (32 × 8), then down the columns of that (8 × 8): by u, then v.
  const rows = pass(CELLS, (y, x) => grey[y * CELLS + x] as number);
  const byU = pass(LOW, (u, y) => rows[y * LOW + u] as number);
  // Row-major by v: the bit order the bands cut (near-duplicates.ts).
  const coeffs = Float64Array.from({ length: LOW * LOW }, (_, i) => byU[(i % LOW) * LOW + Math.floor(i / LOW)] as number);
  const sorted = Float64Array.from(coeffs).sort();
  const median = ((sorted[31] as number) + (sorted[32] as number)) / 2;
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    let n = 0;
    for (let b = 0; b < 4; b++) n = (n << 1) | ((coeffs[nibble * 4 + b] as number) > median ? 1 : 0);
    hex += n.toString(16);
  }
  return hex;
}
