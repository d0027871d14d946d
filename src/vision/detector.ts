import { CENTERNET, CENTERNET_HEADS, SIMILAR } from '../../models/manifest';
import { tf } from './backends';
import { nearMiss, type Detection } from './detections';
import { rgbFloats } from './pixels';
import { fuseHardSwish, registerHardSwish, type GraphNode } from './hard-swish';

/** How a picture is fitted into the square input: letterboxed (the app), or stretched (measured against it in models/LABELS.md). */
export type Fit = 'letterbox' | 'stretch';

/**
 * How the detector looks. `flip: true` runs it on the picture and on its mirror image and keeps
 * every candidate of both, the mirror's boxes turned back (suppression then keeps the best of each
 * pair); `false` looks once. The app's (`'near-miss'`) looks at the mirror image only when the
 * first look has a candidate just under its label's bar (within MIRROR_MARGIN): the only
 * candidates the mirror image turned into labels on the labelled set (models/LABELS.md).
 */
export interface Look {
  fit?: Fit;
  flip?: boolean | 'near-miss';
}

export interface Detector {
  /**
   * What the picture shows, and the head's pooled features of the picture as it is (what "More
   * like this" compares, models/SIMILAR.md).
   */
  detect(image: ImageBitmap, look?: Look): Promise<{ detections: Detection[]; features: Float32Array }>;
  /** How it runs on this backend, for Settings (its hard swishes as one pass each, where they are). */
  notes: string[];
}

/**
 * A picture in the model's square input as raw 0–255 pixels resized bilinearly: letterboxed,
 * keeping its aspect (black bars), as CenterNet was fed in training (see models/manifest.ts); or
 * stretched to the square, for the comparison in models/LABELS.md. `w`×`h`: the picture's part.
 */
function fitted(image: ImageBitmap, size: number, fit: Fit, mirror: boolean): { pixels: ImageData; w: number; h: number } {
  const scale = size / Math.max(image.width, image.height);
  const [w, h] = fit === 'stretch' ? [size, size] : [Math.round(image.width * scale), Math.round(image.height * scale)];
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, size, size);
  ctx.imageSmoothingQuality = 'medium';
  // The mirror image sits where the picture does (top left), flipped within its own width.
  if (mirror) ctx.setTransform(-1, 0, 0, 1, w, 0);
  ctx.drawImage(image, 0, 0, w, h);
  return { pixels: ctx.getImageData(0, 0, size, size), w, h };
}

let meanRegistered = false;

/**
 * Graph models' `Mean` over a picture's height and width (every squeeze-and-excite block of
 * CenterNet's MobileNetV3, and the head's pooled features) as one average pool. tfjs's wasm `Mean`
 * moves the channels first (a transpose of the whole activation) before it sums: 9 of them took
 * 21 ms of CenterNet's 185 in Node (tests/unit/graph-mean.test.ts checks the answers are the same).
 * Any other `Mean` is tfjs's own.
 */
export function pooledMean({ inputs: [x, axes], attrs }: { inputs: tf.Tensor[]; attrs: Record<string, unknown> }): tf.Tensor {
  const input = x as tf.Tensor;
  const keepDims = Boolean(attrs.keep_dims);
  const reduce = [...(axes as tf.Tensor).dataSync()].map((a) => (a < 0 ? a + input.rank : a)).sort((a, b) => a - b);
  if (input.rank !== 4 || reduce.join() !== '1,2') return tf.mean(input, reduce, keepDims);
  const [batch, height, width, channels] = input.shape as [number, number, number, number];
  return tf.tidy(() => {
    const pooled = tf.avgPool(input as tf.Tensor4D, [height, width], [height, width], 'valid');
    return keepDims ? pooled : tf.reshape(pooled, [batch, channels]);
  });
}

/** `pooledMean` for every graph model loaded after this (a graph model maps its operations when it loads). */
export function registerPooledMean(): void {
  if (meanRegistered) return;
  meanRegistered = true;
  tf.registerOp('Mean', (node) => pooledMean(node as Parameters<typeof pooledMean>[0]));
}

/** The lowest score a candidate is read at: under CANDIDATE_SCORE (0.2), the lowest any rule uses. */
export const PEAK_FLOOR = 0.1;
/** CenterNet's output grid is a quarter of its input: a cell is 4 input pixels. */
const STRIDE = 4;

/**
 * CenterNet's detections from its two heads, as the graph's own tail computes them (a 3×3 max
 * pool, an equality, a cast, a multiply and a top-100 over the whole 128 × 128 × 80 heatmap,
 * about 10 ms a look in Node, docs/PLATFORM.md): a cell is a candidate where its class's score is
 * the largest of its 3×3 neighbourhood, its box the cell's centre moved by the size head's four
 * distances (left, top, right, bottom, in input pixels). Rows [x1, y1, x2, y2, score, class] in
 * input pixels, best first, at most 100, from PEAK_FLOOR up: above it, the graph's rows exactly
 * (tests/unit/graph-mean.test.ts).
 */
export function decodeHeads(heatmap: Float32Array, sizes: Float32Array, [height, width, classes]: readonly [number, number, number], floor = PEAK_FLOOR, most = 100): number[][] {
  const found: [score: number, index: number][] = [];
  for (let i = 0; i < heatmap.length; i++) {
    const score = heatmap[i] as number;
    if (score < floor) continue;
    const c = i % classes;
    const cell = (i - c) / classes;
    const x = cell % width;
    const y = (cell - x) / width;
    let peak = true;
    for (let yy = Math.max(0, y - 1); peak && yy <= Math.min(height - 1, y + 1); yy++) {
      for (let xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) {
        if ((heatmap[(yy * width + xx) * classes + c] as number) > score) {
          peak = false;
          break;
        }
      }
    }
    if (peak) found.push([score, i]);
  }
  found.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return found.slice(0, most).map(([score, i]) => {
    const c = i % classes;
    const cell = (i - c) / classes;
    const [x, y] = [(cell % width) * STRIDE, Math.floor(cell / width) * STRIDE];
    const d = cell * 4;
    return [x - (sizes[d] as number), y - (sizes[d + 1] as number), x + (sizes[d + 2] as number), y + (sizes[d + 3] as number), score, c];
  });
}

/**
 * CenterNet as a graph model, its hard swishes one pass each where the backend runs them so
 * (hard-swish.ts: on wasm, the same floats about 2 % sooner in Chromium, 6 % in Node), its means pooled (`pooledMean`).
 */
export async function loadCenterNet(files: tf.io.IOHandler): Promise<{ model: tf.GraphModel; hardSwishes: number }> {
  registerPooledMean();
  if (!files.load) throw new Error('tfjs cannot load CenterNet here');
  const artifacts = await files.load();
  const nodes = (artifacts.modelTopology as { node?: GraphNode[] } | undefined)?.node;
  const hardSwishes = nodes && registerHardSwish() ? fuseHardSwish(nodes) : 0;
  return { model: await tf.loadGraphModel({ load: async () => artifacts }), hardSwishes };
}

export async function loadDetector(base: string): Promise<Detector> {
  const { model, hardSwishes } = await loadCenterNet(tf.io.http(`${base}${CENTERNET.file}`));
  const size = CENTERNET.input.width;
  const run = async (pixels: ImageData): Promise<{ rows: number[][]; features: Float32Array }> => {
    const input = tf.tensor4d(rgbFloats(pixels), [1, pixels.height, pixels.width, 3]);
    try {
      // The graph has no control flow: the synchronous executor is enough (and quicker). Its two
      // heads, decoded here (decodeHeads), and the features the heads are computed from.
      const outputs = model.execute(input, [CENTERNET_HEADS.heatmap, CENTERNET_HEADS.sizes, SIMILAR.node]) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor];
      try {
        const [heatmap, sizes, features] = (await Promise.all(outputs.map((t) => t.data()))) as [Float32Array, Float32Array, Float32Array];
        const [, height, width, classes] = outputs[0].shape;
        return { rows: decodeHeads(heatmap, sizes, [height, width, classes]), features };
      } finally {
        tf.dispose(outputs);
      }
    } finally {
      input.dispose();
    }
  };
  return {
    notes: hardSwishes ? [`objects (CenterNet): its ${hardSwishes} hard swishes run as one wasm SIMD pass each`] : [],
    async detect(image, { fit = 'letterbox', flip = 'near-miss' } = {}) {
      const detections: Detection[] = [];
      let features: Float32Array | undefined;
      for (const mirror of [false, true]) {
        if (mirror && !(flip === true || (flip === 'near-miss' && nearMiss(detections)))) break;
        const { pixels, w, h } = fitted(image, size, fit, mirror);
        const { rows, features: pooled } = await run(pixels);
        features ??= pooled;
        for (const [x1 = 0, y1 = 0, x2 = 0, y2 = 0, score = 0, cls = -1] of rows) {
          const label = CENTERNET.labels[Math.round(cls)];
          if (!label || score <= 0) continue;
          const [left, right] = [x1 / w, Math.min(1, x2 / w)];
          detections.push({ label, score, box: [mirror ? 1 - right : left, y1 / h, mirror ? 1 - left : right, Math.min(1, y2 / h)] });
        }
      }
      return { detections, features: features as Float32Array };
    },
  };
}
