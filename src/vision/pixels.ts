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
