import createPica from 'pica';

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

/**
 * Lanczos3 downsample with pica. pica 10's default filter is mks2013 (resample plus sharpening),
 * not Lanczos: the filter is named on purpose.
 */
export async function lanczos(from: OffscreenCanvas, to: Size): Promise<OffscreenCanvas> {
  if (from.width === to.width && from.height === to.height) return from;
  const target = new OffscreenCanvas(to.width, to.height);
  return pica().resize(from, target, { filter: 'lanczos3' });
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
