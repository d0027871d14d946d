import { chooseBackend, tf } from './backends';
import type { BackendName, BackendReport, Timing } from './types';
import { CANDIDATE_SCORE, describe, portraitNeedsFace, type Detection, type VisionResult } from './detections';
import { loadFaces, type FaceEngine, type FoundFace } from './faces';
import { loadDetector, type Detector, type Look } from './detector';
import { loadNsfw, type NsfwClassifier, type NsfwScores } from './nsfw';
import { isNsfw } from './nsfw-rule';
import { shippedUrl } from './shipped';
import { embed } from './embedding';
import { stage, task } from '../imaging/stage-times';

/** The last few hundred analyses per model, for Settings and `npm run bench`. */
const timings: Record<'centernet' | 'nsfw_mobilenet_v2' | 'embedding' | 'faces', number[]> = { centernet: [], nsfw_mobilenet_v2: [], embedding: [], faces: [] };

function record(model: keyof typeof timings, ms: number): void {
  const list = timings[model];
  list.push(ms);
  if (list.length > 500) list.shift();
}

function summarise(list: readonly number[]): Timing | undefined {
  if (!list.length) return undefined;
  const sorted = [...list].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { median: at(0.5), p95: at(0.95), count: sorted.length };
}

let ready: Promise<{ backend: BackendReport; detector: Detector; nsfw: NsfwClassifier; faces?: FaceEngine }> | undefined;
let pinned: BackendName | undefined;

function start() {
  ready ??= (async () => {
    const backend = await chooseBackend(pinned, shippedUrl('models/wasm/'));
    // Faces are optional. On WebGPU face-api's SSD lost the device (docs/PLATFORM.md, and again here:
    // "Buffer was destroyed before mapping"), taking the label models down with it: faces are
    // not looked for there. Elsewhere a failure to load them leaves labels working. The three
    // load side by side (their fetches and parsing overlap: about a second sooner on wasm).
    let faceModels: Promise<FaceEngine | undefined> = Promise.resolve(undefined);
    if (backend.name === 'webgpu') backend.notes.push('faces: not looked for on WebGPU (face-api loses the device); use another backend for faces');
    else {
      faceModels = loadFaces(shippedUrl('models/face')).catch((e: unknown) => {
        backend.notes.push(`faces: not looked for on ${backend.name} (${(e as Error).message})`);
        return undefined;
      });
    }
    const [detector, nsfw, faces] = await Promise.all([loadDetector(shippedUrl('models/')), loadNsfw(), faceModels]);
    return { backend, detector, nsfw, faces };
  })();
  ready.catch(() => (ready = undefined));
  return ready;
}

type Models = Awaited<ReturnType<typeof start>>;
/** The analysis running now (or done): the next one starts after it. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * What a photo shows, from its tile (the detector's input is 512 px: the tile is enough), and
 * its faces from the preview — only when the detector saw someone: face work is the costliest.
 */
async function analyse({ detector, nsfw, faces }: Models, tile: Blob, preview?: Blob): Promise<VisionResult & { faces?: FoundFace[] }> {
  const image = await stage('vision_decode_tile', () => createImageBitmap(tile));
  try {
    const t0 = performance.now();
    const { detections, features } = await stage('detector', () => detector.detect(image));
    const found = describe(detections);
    const t1 = performance.now();
    const scores = await stage('nsfw', () => nsfw.rate(image));
    const t2 = performance.now();
    const embedding = await stage('embedding', async () => embed(features));
    record('centernet', t1 - t0);
    record('nsfw_mobilenet_v2', t2 - t1);
    record('embedding', performance.now() - t2);
    const result = { ...found, nsfw: isNsfw(scores), embedding };
    if (!preview || !faces) return result;
    if (!detections.some((d) => d.label === 'person' && d.score >= CANDIDATE_SCORE)) return { ...result, faces: [] };
    const large = await stage('vision_decode_preview', () => createImageBitmap(preview));
    try {
      const t3 = performance.now();
      const people = await faces.find(large);
      record('faces', performance.now() - t3);
      return { ...portraitNeedsFace(result, people.length), faces: people };
    } finally {
      large.close();
    }
  } finally {
    image.close();
  }
}

/** What the models see in one picture before any threshold: `npm run bench`'s labels, faces and NSFW figures. */
export interface Probe {
  detections: Detection[];
  nsfw: NsfwScores;
  /** The preview's faces, looked for as `analyse` does (only when a person candidate is seen); descriptors as plain arrays. */
  faces?: { box: FoundFace['box']; score: number; descriptor: number[] }[];
  ms: { detector: number; nsfw: number; faces?: number };
}

/** The vision worker's whole API. It owns tfjs; nothing else in the app imports it. */
export const visionApi = {
  /** Choose (or re-choose, when pinned) the backend and load the models; reports what runs and why. */
  async init(pin?: BackendName): Promise<BackendReport> {
    if (pin !== pinned) {
      pinned = pin;
      ready = undefined;
      for (const list of Object.values(timings)) list.length = 0;
    }
    return (await start()).backend;
  },

  /** Labels, NSFW and faces of one photo (see `analyse`). */
  async analyse(tile: Blob, preview?: Blob): Promise<VisionResult & { faces?: FoundFace[] }> {
    const models = await start();
    // One photo at a time: the models run synchronously on this thread, so interleaved photos
    // gain nothing and each would hold its pictures and tensors longer.
    const turn = queue.then(() => task(() => analyse(models, tile, preview)));
    queue = turn.catch(() => undefined);
    return turn;
  },

  /**
   * For `npm run bench`: every detector candidate of a tile (looked at as `look` says) with the NSFW
   * scores and the preview's faces, nothing thresholded, so the bench can score thresholds offline.
   */
  async probe(tile: Blob, preview?: Blob, look?: Look): Promise<Probe> {
    const { detector, nsfw, faces } = await start();
    const run = async (): Promise<Probe> => {
      const image = await createImageBitmap(tile);
      try {
        const t0 = performance.now();
        const { detections } = await detector.detect(image, look);
        const t1 = performance.now();
        const scores = await nsfw.rate(image);
        const t2 = performance.now();
        const probe: Probe = { detections, nsfw: scores, ms: { detector: t1 - t0, nsfw: t2 - t1 } };
        if (!preview || !faces || !detections.some((d) => d.label === 'person' && d.score >= CANDIDATE_SCORE)) return probe;
        const large = await createImageBitmap(preview);
        try {
          const found = await faces.find(large);
          probe.ms.faces = performance.now() - t2;
          probe.faces = found.map((f) => ({ box: f.box, score: f.score, descriptor: [...f.descriptor] }));
          return probe;
        } finally {
          large.close();
        }
      } finally {
        image.close();
      }
    };
    const turn = queue.then(run);
    queue = turn.catch(() => undefined);
    return turn;
  },

  /** For Settings and tests: the backend in use and the tensors alive (must not grow). */
  async stats(): Promise<{ backend: string; tensors: number; timings: Partial<Record<keyof typeof timings, Timing>> }> {
    await start();
    return {
      backend: tf.getBackend(),
      tensors: tf.memory().numTensors,
      timings: Object.fromEntries(Object.entries(timings).flatMap(([m, list]) => {
        const t = summarise(list);
        return t ? [[m, t]] : [];
      })),
    };
  },
};

export type VisionApi = typeof visionApi;
