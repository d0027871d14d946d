import { NSFW_MOBILENET_V2 } from '../../models/manifest';
import { tf } from './backends';
import { fuseLayersModel } from './keras-fused';
import { rgbFloats } from './pixels';

export type NsfwScores = Record<(typeof NSFW_MOBILENET_V2.labels)[number], number>;

export interface NsfwClassifier {
  rate(image: ImageBitmap): Promise<NsfwScores>;
}

const SIZE = NSFW_MOBILENET_V2.input.width;

/** The picture squashed to 224×224 (as nsfwjs itself resizes it), as 0–1 floats (as nsfwjs scales it). */
function input(image: ImageBitmap): tf.Tensor4D {
  const canvas = new OffscreenCanvas(SIZE, SIZE);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  ctx.imageSmoothingQuality = 'medium';
  ctx.drawImage(image, 0, 0, SIZE, SIZE);
  return tf.tensor4d(rgbFloats(ctx.getImageData(0, 0, SIZE, SIZE), 255), [1, SIZE, SIZE, 3]);
}

/**
 * nsfwjs's MobileNetV2 from the app's own `models/` (`base`): the build makes its model.json and
 * weights from the package's base64 modules (models/manifest.ts). It runs with its batch
 * normalisations folded into the convolutions (keras-fused.ts: about half the time of nsfwjs's
 * own layers model, the same scores), so nsfwjs's classifier is not used, only its model.
 * Scores the five classes for one picture.
 */
export async function loadNsfw(base: string): Promise<NsfwClassifier> {
  // tfjs's own loader: model.json, then the weights it names (its errors say which file failed).
  const files = tf.io.http(`${base}${NSFW_MOBILENET_V2.file}`);
  if (!files.load) throw new Error('tfjs cannot load models over HTTP here');
  const model = fuseLayersModel(await files.load());
  // The first run sets up every kernel (XNNPACK's operators on wasm): done here, not on a photo.
  tf.tidy(() => {
    model.predict(tf.zeros([1, SIZE, SIZE, 3]));
  });
  return {
    async rate(image) {
      const pixels = input(image);
      try {
        const out = model.predict(pixels);
        const probabilities = await out.data();
        out.dispose();
        return Object.fromEntries(NSFW_MOBILENET_V2.labels.map((name, i) => [name, probabilities[i] ?? 0])) as NsfwScores;
      } finally {
        pixels.dispose();
      }
    },
  };
}
