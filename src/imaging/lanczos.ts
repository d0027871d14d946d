import lanczosWasm from './lanczos.wat';

/**
 * Lanczos3 downsampling of opaque pictures with wasm SIMD (lanczos.wat): the same filter as pica's
 * `lanczos3`, in the same 14-bit fixed point, four channels at once instead of one. pica (used
 * for pictures with transparency and where wasm SIMD is missing) has no SIMD path, nor have the
 * other resizers on npm that run without threads (squoosh's, as @jsquash/resize, is scalar too;
 * wasm-vips needs SharedArrayBuffer, so cross-origin isolation). Measured on one 3000 × 2000
 * picture to 1600 px: see docs/PLATFORM.md.
 */

interface Kernel {
  memory: WebAssembly.Memory;
  horizontal(src: number, sw: number, sh: number, table: number, k: number, dw: number, out: number): void;
  vertical(src: number, dw: number, table: number, k: number, dh: number, out: number): void;
  opaque(p: number, n: number): number;
}

let kernel: Kernel | null | undefined;

/** The compiled kernel with its own memory, one per worker; null where wasm SIMD is missing. */
function compiled(): Kernel | null {
  if (kernel !== undefined) return kernel;
  try {
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(lanczosWasm)) return (kernel = null);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const exports = new WebAssembly.Instance(new WebAssembly.Module(lanczosWasm), { env: { memory } }).exports as unknown as Omit<Kernel, 'memory'>;
    kernel = { memory, horizontal: exports.horizontal, vertical: exports.vertical, opaque: exports.opaque };
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Whether the SIMD kernel runs here (false: pica does all the resizing). */
export const hasSimdLanczos = (): boolean => compiled() !== null;

/** Weights are fixed point: 2^14 is 1. */
const ONE = 1 << 14;

function lanczos3(x: number): number {
  if (x <= -3 || x >= 3) return 0;
  if (Math.abs(x) < 1.1920929e-7) return 1;
  const t = x * Math.PI;
  return ((Math.sin(t) / t) * Math.sin(t / 3)) / (t / 3);
}

/**
 * The filter for one axis, `from` samples to `to` (≤ from): per output, its first source sample
 * and `k` i16 weights summing to 2^14. The window (3 lobes, widened by the scale) is clipped to
 * the source and its weights normalised, as pica does; then every window is padded to the same
 * `k` (even when `even`) and moved inside the source, so no tap reads outside it. Undefined when
 * `k` would exceed the source (a picture only a few pixels across: pica resizes it).
 */
export function filterTable(from: number, to: number, even: boolean): { bytes: Uint8Array; k: number } | undefined {
  const scale = to / from;
  const support = 3 / scale;
  const windows: { first: number; weights: Float64Array }[] = [];
  let k = 0;
  for (let i = 0; i < to; i++) {
    const center = (i + 0.5) / scale;
    const first = Math.max(0, Math.floor(center - support));
    const last = Math.min(from - 1, Math.ceil(center + support));
    const weights = new Float64Array(last - first + 1);
    let sum = 0;
    for (let j = first; j <= last; j++) sum += weights[j - first] = lanczos3((j + 0.5 - center) * scale);
    for (let j = 0; j < weights.length; j++) (weights[j] as number) /= sum;
    windows.push({ first, weights });
    k = Math.max(k, weights.length);
  }
  if (even) k += k % 2;
  if (k > from) return undefined;
  const record = 4 + 2 * k;
  const bytes = new Uint8Array(to * record);
  const view = new DataView(bytes.buffer);
  windows.forEach(({ first, weights }, i) => {
    const start = Math.min(first, from - k);
    const at = i * record;
    view.setInt32(at, start, true);
    const fixed = Array.from(weights, (w) => Math.round(w * ONE));
    // Rounding leaves the sum a little off 2^14: the largest weight takes the difference.
    const largest = fixed.indexOf(Math.max(...fixed));
    fixed[largest] = (fixed[largest] as number) + ONE - fixed.reduce((a, b) => a + b, 0);
    fixed.forEach((w, j) => view.setInt16(at + 4 + 2 * (first - start + j), w, true));
  });
  return { bytes, k };
}

const align = (n: number) => (n + 15) & ~15;

/** Grow the kernel's memory to `bytes`. */
function reserve(memory: WebAssembly.Memory, bytes: number): void {
  const missing = bytes - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / 65_536));
}

export interface SimdInput {
  /** Where to put the source's RGBA pixels (`width` × `height` × 4 bytes). */
  pixels: Uint8Array;
  /** True when every pixel's alpha is 255 (the kernel keeps no transparency). */
  opaque(): boolean;
  /**
   * The pixels resized to `to` (no larger), copied out of the kernel's memory; undefined for a
   * source only a few pixels across (its filter would not fit in it).
   */
  resize(to: { width: number; height: number }): Uint8ClampedArray<ArrayBuffer> | undefined;
}

/**
 * Room in the kernel's memory for a `width` × `height` source (valid until the next call);
 * undefined where the kernel cannot run. Memory grown for the resize keeps the source.
 */
export function simdInput(width: number, height: number): SimdInput | undefined {
  const run = compiled();
  if (!run || width < 1 || height < 1) return undefined;
  const { memory } = run;
  const source = width * height * 4;
  reserve(memory, source);
  return {
    pixels: new Uint8Array(memory.buffer, 0, source),
    opaque: () => run.opaque(0, width * height) === 1,
    resize(to) {
      if (to.width > width || to.height > height) return undefined;
      const across = filterTable(width, to.width, true);
      const down = filterTable(height, to.height, false);
      if (!across || !down) return undefined;
      // The source, then the intermediate rows, the output and the two filters; each with room
      // for the vertical pass's last step past an odd width (lanczos.wat).
      const intermediate = align(source + 16);
      const out = intermediate + align(to.width * height * 8 + 16);
      const tables = out + align(to.width * to.height * 4 + 16);
      const downAt = tables + align(across.bytes.length);
      reserve(memory, downAt + down.bytes.length);
      const heap = new Uint8Array(memory.buffer);
      heap.set(across.bytes, tables);
      heap.set(down.bytes, downAt);
      run.horizontal(0, width, height, tables, across.k, to.width, intermediate);
      run.vertical(intermediate, to.width, downAt, down.k, to.height, out);
      return new Uint8ClampedArray(memory.buffer.slice(out, out + to.width * to.height * 4));
    },
  };
}
