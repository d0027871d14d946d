import { tf } from './backends';

/**
 * A model's input from the pixels' bytes, built on the CPU. `tf.browser.fromPixels` is not used:
 * on the WebGPU backend in a worker it returned an all-zero tensor (measured in Chromium 156 with a
 * SwiftShader adapter), so the model saw a black square; raw bytes are the same on every backend.
 */
export function rgbFloats({ data, width, height }: ImageData): Float32Array {
  const out = new Float32Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4) {
    out[j++] = data[i] as number;
    out[j++] = data[i + 1] as number;
    out[j++] = data[i + 2] as number;
  }
  return out;
}

/** A picture as a [1, h, w, 3] tensor of raw 0–255 floats. */
export function imageTensor(image: ImageBitmap): tf.Tensor4D {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  ctx.drawImage(image, 0, 0);
  const pixels = ctx.getImageData(0, 0, image.width, image.height);
  return tf.tensor4d(rgbFloats(pixels), [1, image.height, image.width, 3]);
}
