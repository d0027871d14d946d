import * as faceapi from '@vladmandic/face-api/dist/face-api.esm-nobundle.js';
import { tf } from './backends';
import { imageTensor } from './pixels';
import { stage, stageSync } from '../imaging/stage-times';

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
 * the detector's score, and the face's short side in pixels of the image it was found in
 * (the 1600 px preview). Below ~40 px the descriptor no longer tells people apart reliably.
 */
export const FACE_MIN_SCORE = 0.5;
export const FACE_MIN_PIXELS = 40;
/** The People view shows faces at 96 px; 128 leaves room for high-density screens. */
export const CROP_SIZE = 128;
const LANDMARK_INPUT = 112;
const CHIP = 150;

export interface FaceEngine {
  find(image: ImageBitmap): Promise<FoundFace[]>;
}

type Point = { x: number; y: number };
/** face-api bundles its own copy of tfjs's type declarations: the same tensors, another type. */
type NetInput = Parameters<typeof faceapi.nets.ssdMobilenetv1.locateFaces>[0];
const net = (t: tf.Tensor): NetInput => t as unknown as NetInput;
const mean = (points: readonly Point[]): Point => ({
  x: points.reduce((s, p) => s + p.x, 0) / points.length,
  y: points.reduce((s, p) => s + p.y, 0) / points.length,
});

/**
 * The similarity transform that cuts the face chip the recognition network expects: face-api's
 * dlib alignment (a square of eye-to-mouth distance / 0.45, the eyes-and-mouth centroid at
 * 50 % across and 43 % down) turned so the eyes are level. Returned in tf.image.transform's
 * form: it maps each output pixel to the input pixel it samples.
 */
export function alignment(leftEye: Point, rightEye: Point, mouth: Point, chip = CHIP): number[] {
  const ref = mean([leftEye, rightEye, mouth]);
  const toMouth = (p: Point) => Math.hypot(mouth.x - p.x, mouth.y - p.y);
  const size = (toMouth(leftEye) + toMouth(rightEye)) / 2 / 0.45;
  const angle = Math.atan2(rightEye.y - leftEye.y, rightEye.x - leftEye.x);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const s = size / chip;
  const ox = -0.5 * size;
  const oy = -0.43 * size;
  return [cos * s, -sin * s, ref.x + cos * ox - sin * oy, sin * s, cos * s, ref.y + sin * ox + cos * oy, 0, 0];
}

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
  const { ssdMobilenetv1, faceLandmark68Net, faceRecognitionNet } = faceapi.nets;
  await Promise.all([ssdMobilenetv1.loadFromUri(base), faceLandmark68Net.loadFromUri(base), faceRecognitionNet.loadFromUri(base)]);
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence: FACE_MIN_SCORE, maxResults: 50 });


  return {
    async find(image) {
      const input = stageSync('face_input', () => imageTensor(image));
      try {
        const { width, height } = image;
        const detections = (await stage('face_detect', () => ssdMobilenetv1.locateFaces(net(input), options))).filter(
          (d) => Math.min(d.box.width, d.box.height) >= FACE_MIN_PIXELS,
        );
        const faces: FoundFace[] = [];
        for (const d of detections) {
          // Landmarks from a square around the box (context instead of black padding).
          const side = Math.max(d.box.width, d.box.height);
          const left = d.box.x + d.box.width / 2 - side / 2;
          const top = d.box.y + d.box.height / 2 - side / 2;
          const square = tf.image.cropAndResize(
            input,
            [[top / height, left / width, (top + side) / height, (left + side) / width]],
            [0],
            [LANDMARK_INPUT, LANDMARK_INPUT],
          );
          const found = (await stage('face_landmarks', () => faceLandmark68Net.detectLandmarks(net(square)))) as faceapi.FaceLandmarks68;
          square.dispose();
          const scale = side / LANDMARK_INPUT;
          const points = found.positions.map((p) => ({ x: left + p.x * scale, y: top + p.y * scale }));
          const eye = (from: number) => mean(points.slice(from, from + 6));
          const chip = tf.image.transform(input, [alignment(eye(36), eye(42), mean(points.slice(48, 68)))], 'bilinear', 'constant', 0, [CHIP, CHIP]);
          const descriptor = (await stage('face_descriptor', () => faceRecognitionNet.computeFaceDescriptor(net(chip)))) as Float32Array;
          chip.dispose();
          const box: FoundFace['box'] = [d.box.x / width, d.box.y / height, d.box.right / width, d.box.bottom / height];
          const landmarks = new Float32Array(points.flatMap((p) => [p.x / width, p.y / height]));
          faces.push({ box, score: d.score, landmarks, descriptor, crop: await stage('face_crop', () => cropOf(image, box)) });
        }
        return faces;
      } finally {
        input.dispose();
      }
    },
  };
}
