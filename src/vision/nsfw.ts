import { NSFWJS } from 'nsfwjs/core';
import { NSFW_MOBILENET_V2 } from '../../models/manifest';
import { tf } from './backends';

export type NsfwScores = Record<'Drawing' | 'Hentai' | 'Neutral' | 'Porn' | 'Sexy', number>;

export interface NsfwClassifier {
  rate(image: ImageBitmap): Promise<NsfwScores>;
}

const SIZE = 224;

/** The picture squashed to 224×224 (as nsfwjs itself resizes), as int pixels built from bytes. */
function input(image: ImageBitmap): tf.Tensor3D {
  const canvas = new OffscreenCanvas(SIZE, SIZE);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  ctx.imageSmoothingQuality = 'medium';
  ctx.drawImage(image, 0, 0, SIZE, SIZE);
  const { data } = ctx.getImageData(0, 0, SIZE, SIZE);
  const rgb = new Int32Array(SIZE * SIZE * 3);
  for (let i = 0, j = 0; i < data.length; i += 4) {
    rgb[j++] = data[i] as number;
    rgb[j++] = data[i + 1] as number;
    rgb[j++] = data[i + 2] as number;
  }
  return tf.tensor3d(rgb, [SIZE, SIZE, 3], 'int32');
}

/**
 * nsfwjs's MobileNetV2 from the app's own `models/` (`base`): the build makes its model.json and
 * weights from the package's base64 modules (models/manifest.ts). Scores the five classes for one picture.
 */
export async function loadNsfw(base: string): Promise<NsfwClassifier> {
  const model = new NSFWJS(`${base}${NSFW_MOBILENET_V2.file}`, { size: NSFW_MOBILENET_V2.input.width });
  await model.load();
  return {
    async rate(image) {
      const pixels = input(image);
      try {
        const classes = await model.classify(pixels, 5);
        return Object.fromEntries(classes.map((c) => [c.className, c.probability])) as NsfwScores;
      } finally {
        pixels.dispose();
      }
    },
  };
}
