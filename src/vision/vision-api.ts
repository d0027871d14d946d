import { chooseBackend, tf, type BackendName, type BackendReport } from './backends';
import { describe, type VisionResult } from './detections';
import { loadDetector, type Detector } from './detector';

let ready: Promise<{ backend: BackendReport; detector: Detector }> | undefined;
let pinned: BackendName | undefined;

function start() {
  ready ??= (async () => {
    const backend = await chooseBackend(pinned);
    return { backend, detector: await loadDetector() };
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
    const { detector } = await start();
    const image = await createImageBitmap(tile);
    try {
      return describe(await detector.detect(image));
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
