import * as faceapi from '@vladmandic/face-api/dist/face-api.esm-nobundle.js';
import { tf } from './backends';
import { rgbFloats } from './pixels';
import { alignment, canvasTransform, CHIP, mean } from './face-align';
import { stage, stageSync } from '../imaging/stage-times';
import { fuseTiny, type TinyParams } from './tiny-fused';
import { fuseRecognition, type RecognitionParams } from './resnet-fused';
import { fuseLandmarks, LANDMARK_INPUT, landmarkParams } from './landmarks-fused';
import { iou } from './detections';

/** One face as the catalogue stores it; coordinates are 0–1 of the photo. */
export interface FoundFace {
  box: [x1: number, y1: number, x2: number, y2: number];
  score: number;
  /** The 68 landmarks (dlib/iBUG layout) as x, y pairs. */
  landmarks: Float32Array;
  /** dlib's 128-d descriptor of the aligned face: same person ⇔ Euclidean distance < 0.6. */
  descriptor: Float32Array;
  /** A small square picture of the face for the People view. */
  crop: Blob;
}

/**
 * What counts as a face worth keeping, tuned on the face-api sample photos (see models/FACES.md):
 * the detector's score, and the face's box's short side in pixels of the image it was found in
 * (the 1600 px preview). Below about 40 px of the SSD's box the descriptor no longer told people
 * apart reliably; the Tiny Face Detector draws a face's box 1.4 times as wide (the median over the
 * 27 faces both found in nine photos, 1.22–1.72), so the same faces are kept from 56 px of its box.
 */
export const FACE_MIN_SCORE = 0.5;
export const FACE_MIN_PIXELS = 56;
/** The People view shows faces at 96 px; 128 leaves room for high-density screens. */
export const CROP_SIZE = 128;
/**
 * A photo's faces go through the landmark and descriptor networks together, this many at a time:
 * each network's weights are read once for them all (four faces in one batch: 76 ms against 88
 * one by one for the descriptor, 33 against 36 for the landmarks, in Node), and a crowd does not
 * hold every face's activations at once.
 */
const FACE_BATCH = 8;
/** The detector's input size: it pads the picture square and scales it to this (models/FACES.md). */
const DETECT_INPUT = 512;

/** A face the detector located: its score and box (x1, y1, x2, y2) in pixels of the picture it looked at. */
export interface Located {
  score: number;
  box: [number, number, number, number];
}

/** face-api's suppression for the Tiny Face Detector: of two boxes overlapping more than this, the better stays. */
export const FACE_IOU = 0.4;

/**
 * A first look's candidate from this score up but under FACE_MIN_SCORE is a near miss: only then
 * is the mirror image looked at too. The one face the mirror image added on the labelled set
 * scored 0.36 in the first look (models/FACES.md); a photo whose faces are all clear (or absent)
 * is looked at once.
 */
export const FACE_NEAR_MISS = 0.3;

/** Whether a first look (candidates from FACE_NEAR_MISS up) leaves a face in doubt: then the mirror image is looked at. */
export function nearMissFace(first: readonly Located[]): boolean {
  return first.some((d) => d.score >= FACE_NEAR_MISS && d.score < FACE_MIN_SCORE);
}

/**
 * The faces of a picture from two looks, at the picture and at its mirror image (`mirrored`, whose
 * boxes are turned back within `width`): every face either look found from FACE_MIN_SCORE up,
 * each once (greedy suppression at FACE_IOU, best score first). The mirror image (looked at after
 * a near miss, `nearMissFace`) is a second chance for a face the
 * detector is unsure of: on the labelled set it lifted the third face of one party photo from 0.36
 * to 0.58 and added no face where there is none (models/FACES.md).
 */
export function bothLooks(first: readonly Located[], mirrored: readonly Located[], width: number): Located[] {
  const turned = mirrored.map((d): Located => ({ score: d.score, box: [width - d.box[2], d.box[1], width - d.box[0], d.box[3]] }));
  const kept: Located[] = [];
  // Best first, so a weaker candidate never takes a better one's place; the weak ones go after.
  for (const d of [...first, ...turned].sort((a, b) => b.score - a.score)) {
    if (!kept.some((k) => iou(k.box, d.box) > FACE_IOU)) kept.push(d);
  }
  return kept.filter((d) => d.score >= FACE_MIN_SCORE);
}

export interface FaceEngine {
  find(image: ImageBitmap): Promise<FoundFace[]>;
}

/** `width`×`height` pixels of `image`, drawn whole (scaled) or as `draw` says; outside it is black. */
function drawn(image: ImageBitmap, width: number, height: number, draw?: (ctx: OffscreenCanvasRenderingContext2D) => void): ImageData {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D;
  ctx.imageSmoothingQuality = 'high';
  if (draw) draw(ctx);
  else ctx.drawImage(image, 0, 0, width, height);
  return ctx.getImageData(0, 0, width, height);
}

/** Pixels as a [1, h, w, 3] tensor of raw 0–255 floats (what face-api's networks take). */
function tensorOf(pixels: ImageData): tf.Tensor4D {
  return tf.tensor4d(rgbFloats(pixels), [1, pixels.height, pixels.width, 3]);
}

/**
 * Each picture's output row from `network`, the pictures (each `side` × `side`) run FACE_BATCH at a time.
 * Each picture's floats go into an input of the batch's own (rgbFloats hands out one array a size).
 */
async function inBatches(pictures: readonly ImageData[], side: number, network: (batch: tf.Tensor4D) => tf.Tensor2D): Promise<Float32Array[]> {
  const rows: Float32Array[] = [];
  const size = side * side * 3;
  for (let at = 0; at < pictures.length; at += FACE_BATCH) {
    const batch = pictures.slice(at, at + FACE_BATCH);
    const values = new Float32Array(batch.length * size);
    batch.forEach((picture, i) => values.set(rgbFloats(picture), i * size));
    const input = tf.tensor4d(values, [batch.length, side, side, 3]);
    const output = tf.tidy(() => network(input));
    input.dispose();
    const found = (await output.data().finally(() => output.dispose())) as Float32Array;
    const width = found.length / batch.length;
    for (let i = 0; i < batch.length; i++) rows.push(found.slice(i * width, (i + 1) * width));
  }
  return rows;
}

/** face-api bundles its own copy of tfjs's type declarations: the same tensors, another type. */
type NetInput = Parameters<typeof faceapi.nets.tinyFaceDetector.locateFaces>[0];
const net = (t: tf.Tensor): NetInput => t as unknown as NetInput;

let environment = false;
/** face-api looks for a DOM; in a worker it gets OffscreenCanvas and fetch instead (docs/PLATFORM.md). */
function workerEnvironment(): void {
  if (environment) return;
  environment = true;
  const unsupported = () => {
    throw new Error('not available in a worker');
  };
  faceapi.env.setEnv({
    Canvas: OffscreenCanvas,
    CanvasRenderingContext2D: OffscreenCanvasRenderingContext2D,
    Image: class {},
    ImageData,
    Video: class {},
    createCanvasElement: () => new OffscreenCanvas(1, 1),
    createImageElement: unsupported,
    createVideoElement: unsupported,
    fetch: (url: string, init?: RequestInit) => fetch(url, init),
    readFile: unsupported,
  } as unknown as Parameters<typeof faceapi.env.setEnv>[0]);
}

async function cropOf(image: ImageBitmap, [x1, y1, x2, y2]: FoundFace['box']): Promise<Blob> {
  // A square around the face with some hair and chin, clamped to the picture.
  const cx = ((x1 + x2) / 2) * image.width;
  const cy = ((y1 + y2) / 2) * image.height;
  const side = Math.min(Math.max((x2 - x1) * image.width, (y2 - y1) * image.height) * 1.5, image.width, image.height);
  const sx = Math.min(Math.max(0, cx - side / 2), image.width - side);
  const sy = Math.min(Math.max(0, cy - side / 2), image.height - side);
  const canvas = new OffscreenCanvas(CROP_SIZE, CROP_SIZE);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, sx, sy, side, side, 0, 0, CROP_SIZE, CROP_SIZE);
  return canvas.convertToBlob({ type: 'image/webp', quality: 0.85 });
}

/** Load the three face networks from `base` (the app's own models/face). */
export async function loadFaces(base: string): Promise<FaceEngine> {
  workerEnvironment();
  const { tinyFaceDetector, faceLandmark68Net, faceRecognitionNet } = faceapi.nets;
  await Promise.all([tinyFaceDetector.loadFromUri(base), faceLandmark68Net.loadFromUri(base), faceRecognitionNet.loadFromUri(base)]);
  // Candidates from the near-miss score up: what decides whether the mirror image is looked at.
  const options = new faceapi.TinyFaceDetectorOptions({ inputSize: DETECT_INPUT, scoreThreshold: FACE_NEAR_MISS });
  // face-api's own detect (its boxes from the grid, its suppression) over the fused network
  // (tiny-fused.ts): the same answers in a third of the time.
  const { meanRgb } = tinyFaceDetector.config;
  if (!meanRgb) throw new Error("face-api's Tiny Face Detector names no channel means");
  const fused = fuseTiny(tinyFaceDetector.params as unknown as TinyParams, meanRgb);
  (tinyFaceDetector as unknown as { forwardInput(input: faceapi.NetInput, inputSize: number): tf.Tensor4D }).forwardInput = (input, inputSize) =>
    tf.tidy(() => fused.forward(tf.cast(input.toBatchTensor(inputSize, false) as unknown as tf.Tensor4D, 'float32')));
  // The landmarks and the descriptor the same way (landmarks-fused.ts, resnet-fused.ts), a
  // photo's faces in batches (`inBatches`).
  const landmarks = fuseLandmarks(landmarkParams(faceLandmark68Net as unknown as Parameters<typeof landmarkParams>[0]));
  const recognition = fuseRecognition(faceRecognitionNet.params as unknown as RecognitionParams);

  return {
    async find(image) {
      // The detector looks at a 512 px copy, drawn top left in its square input with black around
      // it as face-api would pad it (a full-size tensor would only be padded and shrunk again
      // inside it, the costliest part of face work), and after a near miss at its mirror image
      // (see `bothLooks`); landmarks and the descriptor's chip are cut from the full picture, each
      // straight to its network's size.
      const shrink = Math.min(1, DETECT_INPUT / Math.max(image.width, image.height));
      const small = { width: Math.max(1, Math.round(image.width * shrink)), height: Math.max(1, Math.round(image.height * shrink)) };
      const look = async (mirror: boolean): Promise<Located[]> => {
        const input = stageSync('face_input', () => tensorOf(drawn(image, DETECT_INPUT, DETECT_INPUT, (ctx) => {
          if (mirror) ctx.setTransform(-1, 0, 0, 1, small.width, 0);
          ctx.drawImage(image, 0, 0, small.width, small.height);
        })));
        try {
          const found = await stage('face_detect', () => tinyFaceDetector.locateFaces(net(input), options));
          return found.map((d) => ({ score: d.score, box: [d.box.x, d.box.y, d.box.right, d.box.bottom] }));
        } finally {
          input.dispose();
        }
      };
      const first = await look(false);
      const located = bothLooks(first, nearMissFace(first) ? await look(true) : [], small.width);
      const { width, height } = image;
      const [sx, sy] = [width / small.width, height / small.height];
      // The faces big enough to describe, each with the square around its box (context instead of
      // black padding) its landmarks are looked for in; the landmarks of them all, then each
      // face's alignment, chip and crop, then the descriptors of them all.
      const kept = located.flatMap((d) => {
        const [x1, y1, x2, y2] = [d.box[0] * sx, d.box[1] * sy, d.box[2] * sx, d.box[3] * sy];
        if (Math.min(x2 - x1, y2 - y1) < FACE_MIN_PIXELS) return [];
        const side = Math.max(x2 - x1, y2 - y1);
        return [{ score: d.score, box: [x1, y1, x2, y2] as const, side, left: (x1 + x2) / 2 - side / 2, top: (y1 + y2) / 2 - side / 2 }];
      });
      if (!kept.length) return [];
      const squares = kept.map(({ left, top, side }) => drawn(image, LANDMARK_INPUT, LANDMARK_INPUT, (ctx) => ctx.drawImage(image, left, top, side, side, 0, 0, LANDMARK_INPUT, LANDMARK_INPUT)));
      const found = await stage('face_landmarks', () => inBatches(squares, LANDMARK_INPUT, (batch) => landmarks.forward(batch)));
      const faces: Omit<FoundFace, 'descriptor'>[] = [];
      const chips: ImageData[] = [];
      for (const [i, { score, box: [x1, y1, x2, y2], side, left, top }] of kept.entries()) {
        const scale = side / LANDMARK_INPUT;
        const xy = found[i] as Float32Array;
        const points = Array.from({ length: 68 }, (_, k) => ({ x: left + (xy[2 * k] as number) * scale, y: top + (xy[2 * k + 1] as number) * scale }));
        const eye = (from: number) => mean(points.slice(from, from + 6));
        const align = alignment(eye(36), eye(42), mean(points.slice(48, 68)));
        chips.push(drawn(image, CHIP, CHIP, (ctx) => {
          ctx.setTransform(...canvasTransform(align));
          ctx.drawImage(image, 0, 0);
        }));
        const box: FoundFace['box'] = [Math.max(0, x1 / width), Math.max(0, y1 / height), Math.min(1, x2 / width), Math.min(1, y2 / height)];
        faces.push({ box, score, landmarks: new Float32Array(points.flatMap((p) => [p.x / width, p.y / height])), crop: await stage('face_crop', () => cropOf(image, box)) });
      }
      const descriptors = await stage('face_descriptor', () => inBatches(chips, CHIP, (batch) => recognition.forward(batch)));
      return faces.map((face, i) => ({ ...face, descriptor: descriptors[i] as Float32Array }));
    },
  };
}
