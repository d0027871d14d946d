import createPica from 'pica';
import { simdInput } from './lanczos';

export interface Size {
  width: number;
  height: number;
}

/** Largest size with the same aspect that fits in `max`×`max`; never enlarges. */
export function fitWithin(size: Size, max: number): Size {
  const scale = Math.min(1, max / Math.max(size.width, size.height));
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

// One pica per worker: its wasm module and tile buffers are reused. Inside a worker 'ww' never
// activates and 'cib' is buggy in Chrome, so js + wasm it is.
let resizer: ReturnType<typeof createPica> | undefined;
const pica = () => (resizer ??= createPica({ features: ['js', 'wasm'] }));

/** Draw anything drawable (ImageBitmap, VideoFrame) onto a canvas pica can read. */
export function toCanvas(source: CanvasImageSource, size: Size): OffscreenCanvas {
  const canvas = new OffscreenCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available in this worker');
  ctx.drawImage(source, 0, 0, size.width, size.height);
  return canvas;
}

/** A picture's pixels: RGBA bytes, row by row. */
export interface Pixels extends Size {
  data: Uint8ClampedArray<ArrayBuffer>;
}

/** The pixels of anything drawable (ImageBitmap, VideoFrame), drawn at `size`. */
export function pixelsOf(source: CanvasImageSource, size: Size): Pixels {
  const ctx = toCanvas(source, size).getContext('2d') as OffscreenCanvasRenderingContext2D;
  return { data: ctx.getImageData(0, 0, size.width, size.height).data, ...size };
}

/**
 * A decoded picture's pixels at its own size. A VideoFrame (a JPEG from ImageDecoder) that needs
 * no turning copies them out itself, converted to RGBA, instead of being drawn on a canvas and read
 * back (24 MP at half scale: about 35 ms against 70, docs/PLATFORM.md); a turned one (EXIF
 * orientation: `rotation`, `flip`) and anything else is drawn, which turns it. A frame is copied
 * into `room` when given: the Lanczos kernel's memory (`lanczosSource`) for a picture about to be
 * resized, where `lanczos` finds it (no 12 MB array a photo to allocate, then copy again).
 */
export async function decodedPixels(source: CanvasImageSource, size: Size, room?: Uint8ClampedArray<ArrayBuffer>): Promise<Pixels> {
  if (typeof VideoFrame !== 'undefined' && source instanceof VideoFrame) {
    const turned = source as VideoFrame & { rotation?: number; flip?: boolean };
    const rect = source.visibleRect;
    if (!turned.rotation && !turned.flip && rect && rect.width === size.width && rect.height === size.height) {
      const data = room?.length === size.width * size.height * 4 ? room : new Uint8ClampedArray(size.width * size.height * 4);
      try {
        await source.copyTo(data, { format: 'RGBA', layout: [{ offset: 0, stride: size.width * 4 }] });
        return { data, ...size };
      } catch {
        // A browser that cannot convert while copying: draw it.
      }
    }
  }
  return pixelsOf(source, size);
}

/**
 * Room for a `size` source in the Lanczos kernel's memory, where `lanczos` reads it without a
 * copy; undefined where the kernel cannot run. Valid only until the next resize.
 */
export function lanczosSource(size: Size): Uint8ClampedArray<ArrayBuffer> | undefined {
  const input = simdInput(size.width, size.height);
  return input && new Uint8ClampedArray(input.pixels.buffer as ArrayBuffer, input.pixels.byteOffset, input.pixels.length);
}

/** A canvas holding `pixels` (to encode them). */
export function canvasOf(pixels: Pixels): OffscreenCanvas {
  const canvas = new OffscreenCanvas(pixels.width, pixels.height);
  (canvas.getContext('2d') as OffscreenCanvasRenderingContext2D).putImageData(new ImageData(pixels.data, pixels.width, pixels.height), 0, 0);
  return canvas;
}

/**
 * Lanczos3 downsample: opaque pictures with lanczos.wat, others with pica. pica 10's default filter is mks2013 (resample plus sharpening),
 * not Lanczos: the filter is named on purpose. Bytes to bytes (`resizeBuffer`): resizing canvas to
 * canvas cuts the picture into tiles, each drawn, read and written back, which took about twice
 * as long for a 2000 px picture to 1600 px (248 ms against 117, in a page, docs/PLATFORM.md).
 */
export async function lanczos(from: Pixels, to: Size): Promise<Pixels> {
  if (from.width === to.width && from.height === to.height) return from;
  // Opaque pictures (every photo) with the SIMD kernel (lanczos.ts): the same filter, about 3× faster.
  const input = simdInput(from.width, from.height);
  if (input) {
    // Unless they are there already (decodedPixels put them there).
    if (input.pixels.buffer !== from.data.buffer || input.pixels.byteOffset !== from.data.byteOffset) input.pixels.set(from.data);
    const data = input.opaque() ? input.resize(to) : undefined;
    if (data) return { data, ...to };
  }
  const out = await pica().resizeBuffer({ src: from.data, width: from.width, height: from.height, toWidth: to.width, toHeight: to.height, filter: 'lanczos3' });
  return { data: new Uint8ClampedArray(out.buffer as ArrayBuffer, out.byteOffset, out.length), ...to };
}

/**
 * WebP at quality 0.9 keeps a noisy tile at SSIM ≈ 0.984 where 0.8 drops to 0.965 (docs/PLATFORM.md);
 * JPEG where this browser cannot encode WebP (convertToBlob then silently returns PNG).
 */
export async function encode(canvas: OffscreenCanvas, quality = 0.9): Promise<Blob> {
  const webp = await canvas.convertToBlob({ type: 'image/webp', quality });
  if (webp.type === 'image/webp') return webp;
  return canvas.convertToBlob({ type: 'image/jpeg', quality });
}

/**
 * The 1600 px preview as JPEG at 0.85: Chromium encodes it about 8× faster than WebP at 0.9
 * (24–27 ms against 190–230 ms, the costliest stage of indexing after resampling), at an SSIM of
 * 0.981–0.992 against the unencoded preview where WebP 0.9 gave 0.985–0.989, and 7–40 % larger
 * (measured on three real photos, docs/PLATFORM.md). The preview is one per photo and seen one at a
 * time; the tile, shown by the hundred, stays WebP.
 */
export function encodePreview(canvas: OffscreenCanvas): Promise<Blob> {
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
}
