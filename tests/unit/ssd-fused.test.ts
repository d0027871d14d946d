import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm-nobundle.js';
import { tf } from '../../src/vision/backends';
import { fuseSsd, type SsdParams, type SsdOutput } from '../../src/vision/ssd-fused';
import { FACE_NETS } from '../../models/manifest';

beforeAll(async () => {
  setWasmPaths(`${process.cwd()}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`);
  await tf.setBackend('wasm');
  await tf.ready();
});

/** face-api's SSD with the weights the app ships (copied from its npm package, models/manifest.ts). */
function loadedSsd(): faceapi.SsdMobilenetv1 {
  const spec = FACE_NETS.find((n) => n.name === 'ssd_mobilenetv1_model');
  if (!spec) throw new Error('the SSD is not in the manifest');
  const dir = `${process.cwd()}/node_modules/${spec.source.package}/${spec.source.path}/`;
  const manifest = JSON.parse(readFileSync(`${dir}${spec.name}-weights_manifest.json`, 'utf8')) as { weights: tf.io.WeightsManifestEntry[] }[];
  const bin = readFileSync(`${dir}${spec.name}.bin`);
  const net = new faceapi.SsdMobilenetv1();
  net.loadFromWeightMap(tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer, manifest.flatMap((m) => m.weights)) as never);
  return net;
}

describe('face-api’s SSD face detector with its normalisations folded in', () => {
  it('gives every anchor the box and the score face-api gives it, and leaves no tensor behind', async () => {
    const net = loadedSsd();
    const fused = fuseSsd(net.params as unknown as SsdParams);
    // Noise, and a flat picture with a bright disc (512 × 384, padded square as the app's are).
    const pictures = [
      tf.randomUniform([1, 384, 512, 3], 0, 255, 'float32', 5),
      tf.tidy(() => {
        const [ys, xs] = tf.meshgrid(tf.range(0, 384), tf.range(0, 512), { indexing: 'ij' }) as [tf.Tensor, tf.Tensor];
        const disc = tf.cast(tf.less(tf.add(tf.square(tf.sub(xs, 250)), tf.square(tf.sub(ys, 180))), 90 * 90), 'float32');
        return tf.stack([tf.add(tf.mul(disc, 160), 60), tf.add(tf.mul(disc, 120), 50), tf.add(tf.mul(disc, 90), 40)], 2).expandDims(0);
      }),
    ] as tf.Tensor4D[];
    for (const picture of pictures) {
      const input = await faceapi.toNetInput(picture as never);
      const want = (net as unknown as { forwardInput(i: unknown): SsdOutput }).forwardInput(input);
      const before = tf.memory().numTensors;
      const got = tf.tidy(() => fused.forward(tf.cast(input.toBatchTensor(512, false) as unknown as tf.Tensor4D, 'float32')));
      expect(tf.memory().numTensors - before).toBe(2);
      const [wb, gb, ws, gs] = (await Promise.all([want.boxes[0], got.boxes[0], want.scores[0], got.scores[0]].map((t) => (t as tf.Tensor).data()))) as Float32Array[] as [Float32Array, Float32Array, Float32Array, Float32Array];
      expect(gb.length).toBe(wb.length);
      expect(gs.length).toBe(ws.length);
      expect(gs.length).toBeGreaterThan(5000);
      let boxes = 0;
      let scores = 0;
      gb.forEach((v, i) => (boxes = Math.max(boxes, Math.abs(v - (wb[i] as number)))));
      gs.forEach((v, i) => (scores = Math.max(scores, Math.abs(v - (ws[i] as number)))));
      expect(boxes).toBeLessThan(1e-4);
      expect(scores).toBeLessThan(1e-4);
      tf.dispose([...want.boxes, ...want.scores, ...got.boxes, ...got.scores]);
    }
    tf.dispose(pictures);
    fused.dispose();
    net.dispose();
  });
});
