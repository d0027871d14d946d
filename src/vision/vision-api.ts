import { chooseBackend, tf } from './backends';
import type { BackendName, BackendReport } from './types';
import { keepTime, type TimedModel } from './timing';
import { CANDIDATE_SCORE, describe, portraitNeedsFace, type Detection, type VisionResult } from './detections';
import { loadFaces, type FaceEngine, type FoundFace } from './faces';
import { loadDetector, type Detector, type Look } from './detector';
import { loadNsfw, type NsfwClassifier, type NsfwScores } from './nsfw';
import { isNsfw } from './nsfw-rule';
import { shippedUrl } from './shipped';
import { embed } from './embedding';
import { stage, task } from '../imaging/stage-times';

/** The last few hundred analyses' times per model, for Settings and `npm run bench` (the pool sums its workers'). */
const timings: Record<TimedModel, number[]> = { centernet: [], nsfw_mobilenet_v2: [], embedding: [], faces: [] };

function record(model: TimedModel, ms: number): void {
  keepTime(timings[model], ms);
}

let ready: Promise<{ backend: BackendReport; detector: Detector; nsfw: NsfwClassifier; faces?: () => Promise<FaceEngine | undefined> }> | undefined;
let pinned: BackendName | undefined;

function start() {
  ready ??= (async () => {
    const backend = await chooseBackend(pinned, shippedUrl('models/wasm/'));
    // Faces are optional. On WebGPU face-api's SSD lost the device (docs/PLATFORM.md, and again here:
    // "Buffer was destroyed before mapping"), taking the label models down with it: faces are
    // not looked for there (not tried since the Tiny Face Detector replaced the SSD). Elsewhere
    // their models (7 MB of the 14) load when the detector first sees a person, not before: a
    // library, or a session, without people never pays for them, and the first labels come
    // sooner. A failure to load them leaves labels working.
    let faces: (() => Promise<FaceEngine | undefined>) | undefined;
    if (backend.name === 'webgpu') backend.notes.push('faces: not looked for on WebGPU (face-api loses the device); use another backend for faces');
    else {
      let loading: Promise<FaceEngine | undefined> | undefined;
      faces = () => (loading ??= loadFaces(shippedUrl('models/face')).catch((e: unknown) => {
        backend.notes.push(`faces: not looked for on ${backend.name} (${(e as Error).message})`);
        return undefined;
      }));
    }
    // The two load side by side (their fetches and parsing overlap).
    const [detector, nsfw] = await Promise.all([loadDetector(shippedUrl('models/')), loadNsfw(shippedUrl('models/'))]);
    backend.notes.push(...detector.notes);
    return { backend, detector, nsfw, faces };
  })();
  ready.catch(() => (ready = undefined));
  return ready;
}

type Models = Awaited<ReturnType<typeof start>>;
/** The analysis running now (or done): the next one starts after it. */
let queue: Promise<unknown> = Promise.resolve();

type Timer = <T>(name: string, work: () => Promise<T> | T) => Promise<T>;
const untimed: Timer = async (_name, work) => work();

/** What the models saw in one photo, before any threshold. */
interface Looked {
  detections: Detection[];
  features: Float32Array;
  scores: NsfwScores;
  /** The preview's faces: [] when the detector saw no one, undefined when faces are not looked for. */
  faces?: FoundFace[];
  ms: { detector: number; nsfw: number; faces?: number };
}

/**
 * What the models see in a photo, from its tile (the detector's input is 512 px: the tile is
 * enough), and its faces from the preview — only when the detector saw someone: face work is the
 * costliest. `time` times each stage (the app's, for the bench's stage figures); `look` is how the
 * detector looks (the bench's variants).
 */
async function lookAt({ detector, nsfw, faces }: Models, tile: Blob, preview: Blob | undefined, time: Timer, look?: Look): Promise<Looked> {
  const image = await time('vision_decode_tile', () => createImageBitmap(tile));
  try {
    const t0 = performance.now();
    const { detections, features } = await time('detector', () => detector.detect(image, look));
    const t1 = performance.now();
    const scores = await time('nsfw', () => nsfw.rate(image));
    const seen: Looked = { detections, features, scores, ms: { detector: t1 - t0, nsfw: performance.now() - t1 } };
    if (!preview || !faces) return seen;
    if (!detections.some((d) => d.label === 'person' && d.score >= CANDIDATE_SCORE)) return { ...seen, faces: [] };
    const engine = await faces();
    if (!engine) return seen;
    const large = await time('vision_decode_preview', () => createImageBitmap(preview));
    try {
      const t2 = performance.now();
      seen.faces = await engine.find(large);
      seen.ms.faces = performance.now() - t2;
      return seen;
    } finally {
      large.close();
    }
  } finally {
    image.close();
  }
}

/** Labels, NSFW, the embedding and faces of one photo, as the catalogue stores them. */
async function analyse(models: Models, tile: Blob, preview?: Blob): Promise<VisionResult & { faces?: FoundFace[] }> {
  const seen = await lookAt(models, tile, preview, stage);
  record('centernet', seen.ms.detector);
  record('nsfw_mobilenet_v2', seen.ms.nsfw);
  if (seen.ms.faces !== undefined) record('faces', seen.ms.faces);
  const t0 = performance.now();
  const embedding = await stage('embedding', async () => embed(seen.features));
  record('embedding', performance.now() - t0);
  const result = { ...describe(seen.detections), nsfw: isNsfw(seen.scores), embedding };
  return seen.faces ? { ...portraitNeedsFace(result, seen.faces.length), faces: seen.faces } : result;
}

/** What the models see in one picture before any threshold: `npm run bench`'s labels, faces and NSFW figures. */
export interface Probe {
  detections: Detection[];
  nsfw: NsfwScores;
  /** The preview's faces, looked for as `analyse` does (only when a person candidate is seen); descriptors as plain arrays. */
  faces?: { box: FoundFace['box']; score: number; descriptor: number[] }[];
  /** The photo's stored vector (embedding.ts), as plain numbers. */
  embedding: { v: number[]; s: number };
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
    const models = await start();
    const run = async (): Promise<Probe> => {
      const seen = await lookAt(models, tile, preview, untimed, look);
      const vector = embed(seen.features);
      const probe: Probe = { detections: seen.detections, nsfw: seen.scores, embedding: { v: [...vector.v], s: vector.s }, ms: { ...seen.ms } };
      if (seen.ms.faces !== undefined) probe.faces = (seen.faces ?? []).map((f) => ({ box: f.box, score: f.score, descriptor: [...f.descriptor] }));
      return probe;
    };
    const turn = queue.then(run);
    queue = turn.catch(() => undefined);
    return turn;
  },

  /** For Settings and tests: the backend in use, the tensors alive (must not grow), and the times of this worker's last analyses. */
  async stats(): Promise<{ backend: string; notes: string[]; tensors: number; times: Partial<Record<TimedModel, number[]>> }> {
    const { backend } = await start();
    return {
      backend: tf.getBackend(),
      // Notes may come after `init` (the face models load when first needed).
      notes: backend.notes,
      tensors: tf.memory().numTensors,
      times: Object.fromEntries(Object.entries(timings).filter(([, list]) => list.length)),
    };
  },
};

export type VisionApi = typeof visionApi;
