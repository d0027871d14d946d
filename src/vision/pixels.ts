/** The last array handed out for each length: models take the same few input sizes again and again. */
const scratch = new Map<number, Float32Array>();

/**
 * A model's input from the pixels' bytes (each divided by `divisor`: 255 for a model that takes
 * 0–1), built on the CPU. `tf.browser.fromPixels` is not used:
 * on the WebGPU backend in a worker it returned an all-zero tensor (measured in Chromium 156 with a
 * SwiftShader adapter), so the model saw a black square; raw bytes are the same on every backend.
 *
 * The array is reused: the next call for the same size overwrites it. Fresh memory is what costs
 * here, not the copy (512×512: 0.6 ms to fill an array already touched, 12 ms to fill a new one,
 * its pages faulted in one by one; docs/PLATFORM.md). Make the tensor from it and run the model
 * before the next picture of that size is made; the vision worker analyses one photo at a time,
 * and tfjs copies the values in (wasm) or has read them once the model ran (cpu, WebGL, WebGPU).
 */
export function rgbFloats({ data, width, height }: ImageData, divisor = 1): Float32Array {
  const length = width * height * 3;
  let out = scratch.get(length);
  if (!out) {
    out = new Float32Array(length);
    scratch.set(length, out);
  }
  for (let i = 0, j = 0; i < data.length; i += 4) {
    out[j++] = (data[i] as number) / divisor;
    out[j++] = (data[i + 1] as number) / divisor;
    out[j++] = (data[i + 2] as number) / divisor;
  }
  return out;
}
