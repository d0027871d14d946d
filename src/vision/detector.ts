import { CENTERNET, SIMILAR } from '../../models/manifest';
import { tf } from './backends';
import type { Detection } from './detections';
import { rgbFloats } from './pixels';

export interface Detector {
  /** What the picture shows, and the head's pooled features (what "More like this" compares, models/SIMILAR.md). */
  detect(image: ImageBitmap): Promise<{ detections: Detection[]; features: Float32Array }>;
}

/**
 * Letterbox a picture into the model's square input, keeping its aspect (black bars), as raw
 * 0–255 pixels resized bilinearly: what CenterNet was fed in training (see models/manifest.ts).
 */
function letterbox(image: ImageBitmap, size: number): { pixels: ImageData; scale: number } {
  const scale = size / Math.max(image.width, image.height);
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, size, size);
  ctx.imageSmoothingQuality = 'medium';
  ctx.drawImage(image, 0, 0, Math.round(image.width * scale), Math.round(image.height * scale));
  return { pixels: ctx.getImageData(0, 0, size, size), scale };
}

export async function loadDetector(base: string): Promise<Detector> {
  const model = await tf.loadGraphModel(`${base}${CENTERNET.file}`);
  const size = CENTERNET.input.width;
  const output = 'tower_0/detections';
  const run = async (pixels: ImageData): Promise<{ rows: number[][]; features: Float32Array }> => {
    const input = tf.tensor4d(rgbFloats(pixels), [1, pixels.height, pixels.width, 3]);
    try {
      // The graph has no control flow: the synchronous executor is enough (and quicker). The
      // features are a node the detections are computed from: no extra work but reading them.
      const [result, pooled] = model.execute(input, [output, SIMILAR.node]) as [tf.Tensor, tf.Tensor];
      try {
        const [rows, features] = await Promise.all([result.array() as Promise<number[][][]>, pooled.data() as Promise<Float32Array>]);
        return { rows: rows[0] ?? [], features };
      } finally {
        tf.dispose([result, pooled]);
      }
    } finally {
      input.dispose();
    }
  };
  return {
    async detect(image) {
      const { pixels, scale } = letterbox(image, size);
      const { rows, features } = await run(pixels);
      const w = image.width * scale;
      const h = image.height * scale;
      const detections = rows.flatMap(([x1 = 0, y1 = 0, x2 = 0, y2 = 0, score = 0, cls = -1]): Detection[] => {
        const label = CENTERNET.labels[Math.round(cls)];
        if (!label || score <= 0) return [];
        const box: Detection['box'] = [x1 / w, y1 / h, Math.min(1, x2 / w), Math.min(1, y2 / h)];
        return [{ label, score, box }];
      });
      return { detections, features };
    },
  };
}
