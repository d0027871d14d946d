import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { tf } from '../../src/vision/backends';
import { CENTERNET } from '../../models/manifest';

/** CenterNet's files as the app ships them (copied from its npm package at build time), each load its own copy of the topology. */
export function centernetFiles(): tf.io.IOHandler {
  const dir = `${process.cwd()}/node_modules/${CENTERNET.source.package}/${CENTERNET.source.path}/`;
  const json = JSON.parse(readFileSync(dir + CENTERNET.file, 'utf8')) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[]; format: string };
  const bin = readFileSync(dir + (CENTERNET.weights[0] as string));
  return {
    load: async () => ({
      modelTopology: structuredClone(json.modelTopology), weightSpecs: json.weightsManifest[0]?.weights,
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer, format: json.format,
    }),
  };
}

/** face-api's sample 1 (three people, a table of glasses), letterboxed into 512² as the app does. */
export function letterboxedSample(): tf.Tensor4D {
  const { width, height, data } = jpeg.decode(readFileSync('node_modules/@vladmandic/face-api/demo/sample1.jpg'), { useTArray: true });
  const scale = 512 / Math.max(width, height);
  return tf.tidy(() => {
    const rgb = tf.slice(tf.tensor3d(Float32Array.from(data), [height, width, 4]), [0, 0, 0], [-1, -1, 3]);
    const small = tf.image.resizeBilinear(rgb as tf.Tensor3D, [Math.round(height * scale), Math.round(width * scale)]);
    return tf.pad(small, [[0, 512 - small.shape[0]], [0, 512 - small.shape[1]], [0, 0]]).expandDims(0) as tf.Tensor4D;
  });
}
