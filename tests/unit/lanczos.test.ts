import createPica from 'pica';
import { describe, expect, it } from 'vitest';
import { filterTable, hasSimdLanczos, simdInput } from '../../src/imaging/lanczos';
import { lanczos, lanczosSource } from '../../src/imaging/resize';
import { seeded } from '../fixtures/photos.mjs';

type Size = { width: number; height: number };

/** A picture with everything a resampler can get wrong: smooth gradients, hard edges, noise. */
function picture({ width, height }: Size, seed: number): Uint8Array {
  const rnd = seeded(seed);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      const edge = (x >> 4) % 2 === (y >> 4) % 2 ? 230 : 15;
      data[at] = Math.round((x / width) * 255);
      data[at + 1] = x < width / 2 ? edge : Math.min(255, Math.max(0, Math.round(128 + (rnd() - 0.5) * 200)));
      data[at + 2] = Math.round((y / height) * 255);
      data[at + 3] = 255;
    }
  }
  return data;
}

const lanczos3 = (x: number) => {
  if (Math.abs(x) >= 3) return 0;
  if (Math.abs(x) < 1e-7) return 1;
  const t = x * Math.PI;
  return ((Math.sin(t) / t) * Math.sin(t / 3)) / (t / 3);
};

/** Separable Lanczos3 in floating point, nothing rounded until the end: what the kernel approximates. */
function reference(src: Uint8Array, from: Size, to: Size): Uint8Array {
  const weights = (n: number, m: number) =>
    Array.from({ length: m }, (_, i) => {
      const scale = m / n;
      const center = (i + 0.5) / scale;
      const first = Math.max(0, Math.floor(center - 3 / scale));
      const last = Math.min(n - 1, Math.ceil(center + 3 / scale));
      const w = Array.from({ length: last - first + 1 }, (_, j) => lanczos3((first + j + 0.5 - center) * scale));
      const sum = w.reduce((a, b) => a + b, 0);
      return { first, w: w.map((x) => x / sum) };
    });
  const across = weights(from.width, to.width);
  const down = weights(from.height, to.height);
  const mid = new Float64Array(to.width * from.height * 4);
  for (let y = 0; y < from.height; y++)
    across.forEach(({ first, w }, x) => {
      for (let c = 0; c < 4; c++) mid[(y * to.width + x) * 4 + c] = w.reduce((s, wj, j) => s + wj * (src[(y * from.width + first + j) * 4 + c] as number), 0);
    });
  const out = new Uint8Array(to.width * to.height * 4);
  down.forEach(({ first, w }, y) => {
    for (let x = 0; x < to.width; x++)
      for (let c = 0; c < 4; c++) out[(y * to.width + x) * 4 + c] = Math.max(0, Math.min(255, Math.round(w.reduce((s, wj, j) => s + wj * (mid[((first + j) * to.width + x) * 4 + c] as number), 0))));
  });
  return out;
}

function simdResize(src: Uint8Array, from: Size, to: Size): Uint8ClampedArray | undefined {
  const input = simdInput(from.width, from.height);
  if (!input) throw new Error('no SIMD kernel');
  input.pixels.set(src);
  return input.resize(to);
}

const differences = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number));
    max = Math.max(max, d);
    sum += d;
  }
  return { max, mean: sum / a.length };
};

describe('Lanczos3 with wasm SIMD (lanczos.wat)', () => {
  it('runs here (Node has wasm SIMD, as Chromium does)', () => {
    expect(hasSimdLanczos()).toBe(true);
  });

  it('gives every channel of every pixel within one level of floating-point Lanczos3', () => {
    for (const [from, to] of [
      [{ width: 600, height: 400 }, { width: 320, height: 213 }],
      // Odd widths (the vertical pass works two pixels at a time), a strong reduction (the tile).
      [{ width: 301, height: 203 }, { width: 97, height: 65 }],
      [{ width: 160, height: 1200 }, { width: 51, height: 383 }],
      // One axis unchanged (its filter is one tap of 1).
      [{ width: 250, height: 90 }, { width: 250, height: 31 }],
    ] as const) {
      const src = picture(from, from.width);
      const got = simdResize(src, from, to) as Uint8ClampedArray;
      expect(got.length).toBe(to.width * to.height * 4);
      const { max, mean } = differences(got, reference(src, from, to));
      expect(max, `${from.width}×${from.height} → ${to.width}×${to.height}`).toBeLessThanOrEqual(1);
      expect(mean).toBeLessThan(0.1);
      for (let i = 3; i < got.length; i += 4) if (got[i] !== 255) throw new Error(`alpha ${got[i]} at ${i}`);
    }
  });

  it('matches pica 10 with its lanczos3 filter (which it replaces for opaque pictures)', async () => {
    const from = { width: 640, height: 480 };
    const to = { width: 400, height: 300 };
    const src = picture(from, 11);
    const byPica = await createPica({ features: ['js'] }).resizeBuffer({ src, width: from.width, height: from.height, toWidth: to.width, toHeight: to.height, filter: 'lanczos3' });
    const { max, mean } = differences(simdResize(src, from, to) as Uint8ClampedArray, byPica);
    // pica clamps the intermediate at 0 where the kernel keeps the filter's undershoot: near dark edges the two can differ by a few levels.
    expect(max).toBeLessThanOrEqual(4);
    expect(mean).toBeLessThan(0.2);
  });

  it('tells opaque pixels from any pixel with transparency, wherever it is', () => {
    for (const n of [1, 3, 4, 7, 64, 1001]) {
      const input = simdInput(n, 1);
      if (!input) throw new Error('no SIMD kernel');
      input.pixels.fill(255);
      expect(input.opaque(), `${n} opaque`).toBe(true);
      for (const at of new Set([0, n >> 1, n - 1])) {
        input.pixels.fill(255);
        input.pixels[at * 4 + 3] = 254;
        expect(input.opaque(), `${n} pixels, pixel ${at} transparent`).toBe(false);
      }
    }
  });

  it('resamples pixels decoded straight into its memory as it does a copy of them, and a copy as the copy', async () => {
    const from = { width: 300, height: 200 };
    const to = { width: 120, height: 80 };
    const src = picture(from, 5);
    const copy = new Uint8ClampedArray(src);
    const want = (await lanczos({ data: copy, ...from }, to)).data;
    const room = lanczosSource(from);
    if (!room) throw new Error('no SIMD kernel');
    room.set(src);
    expect(differences((await lanczos({ data: room, ...from }, to)).data, want).max).toBe(0);
    // Pixels of their own are copied in, whatever the kernel's memory held before.
    lanczosSource(from)?.fill(7);
    expect(differences((await lanczos({ data: copy, ...from }, to)).data, want).max).toBe(0);
    expect(differences(reference(src, from, to), want).max).toBeLessThanOrEqual(1);
  });

  it('declines a source only a few pixels across, and enlarging', () => {
    expect(filterTable(5, 2, true)).toBeUndefined();
    expect(simdResize(picture({ width: 5, height: 300 }, 1), { width: 5, height: 300 }, { width: 2, height: 120 })).toBeUndefined();
    expect(simdResize(picture({ width: 50, height: 50 }, 1), { width: 50, height: 50 }, { width: 60, height: 40 })).toBeUndefined();
  });

  it('builds filters whose weights sum to one and stay inside the source', () => {
    for (const [from, to] of [[3000, 1600], [1600, 512], [2000, 1600], [333, 100]] as const) {
      const table = filterTable(from, to, true);
      if (!table) throw new Error('no table');
      const view = new DataView(table.bytes.buffer);
      const record = 4 + 2 * table.k;
      expect(table.k % 2).toBe(0);
      for (let i = 0; i < to; i++) {
        const start = view.getInt32(i * record, true);
        expect(start).toBeGreaterThanOrEqual(0);
        expect(start + table.k).toBeLessThanOrEqual(from);
        let sum = 0;
        for (let j = 0; j < table.k; j++) sum += view.getInt16(i * record + 4 + 2 * j, true);
        expect(sum).toBe(1 << 14);
      }
    }
  });
});
