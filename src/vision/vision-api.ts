import { chooseBackend, tf, type BackendName, type BackendReport } from './backends';
import { describe, type VisionResult } from './detections';
import { loadDetector, type Detector } from './detector';
import { loadNsfw, type NsfwClassifier } from './nsfw';
import { isNsfw } from './nsfw-rule';

let ready: Promise<{ backend: BackendReport; detector: Detector; nsfw: NsfwClassifier }> | undefined;
let pinned: BackendName | undefined;

function start() {
  ready ??= (async () => {
    const backend = await chooseBackend(pinned);
    const [detector, nsfw] = await Promise.all([loadDetector(), loadNsfw()]);
    return { backend, detector, nsfw };
  })();
  ready.catch(() => (ready = undefined));
  return ready;
}

/** The vision worker's whole API. It owns tfjs; nothing else in the app imports it. */
export const visionApi = {
  /** Choose (or re-choose, when pinned) the backend and load the models; reports what runs and why. */
  async init(pin?: BackendName): Promise<BackendReport> {
    if (pin !== pinned) {
      pinned = pin;
      ready = undefined;
    }
    return (await start()).backend;
  },

  /** What a photo shows, from its tile (the detector's input is 512 px: the tile is enough). */
  async analyse(tile: Blob): Promise<VisionResult> {
    const { detector, nsfw } = await start();
    const image = await createImageBitmap(tile);
    try {
      const found = describe(await detector.detect(image));
      return { ...found, nsfw: isNsfw(await nsfw.rate(image)) };
    } finally {
      image.close();
    }
  },

  /** For Settings and tests: the backend in use and the tensors alive (must not grow). */
  async stats(): Promise<{ backend: string; tensors: number }> {
    await start();
    return { backend: tf.getBackend(), tensors: tf.memory().numTensors };
  },
};

export type VisionApi = typeof visionApi;
