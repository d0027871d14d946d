import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm-nobundle.js';
import { tf } from '../../src/vision/backends';
import { fuseTiny, type TinyParams } from '../../src/vision/tiny-fused';
import jpeg from 'jpeg-js';
import { loadedFaceNet } from './face-weights';
import { useWasmBackend } from './wasm-backend';

useWasmBackend();

/** face-api's Tiny Face Detector with the weights the app ships (copied from its npm package, models/manifest.ts). */
const loadedTiny = () => loadedFaceNet(new faceapi.TinyFaceDetector(), 'tiny_face_detector_model');

/** A flat picture with a bright disc, `width`×`height`. */
function disc(width: number, height: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [ys, xs] = tf.meshgrid(tf.range(0, height), tf.range(0, width), { indexing: 'ij' }) as [tf.Tensor, tf.Tensor];
    const inside = tf.cast(tf.less(tf.add(tf.square(tf.sub(xs, width / 2)), tf.square(tf.sub(ys, height / 2))), (height / 4) ** 2), 'float32');
    return tf.stack([tf.add(tf.mul(inside, 160), 60), tf.add(tf.mul(inside, 120), 50), tf.add(tf.mul(inside, 90), 40)], 2).expandDims(0) as tf.Tensor4D;
  });
}

describe('face-api’s Tiny Face Detector with its input scaling and activations fused', () => {
  it('gives every cell of the grid the values face-api gives it, at each input size, and leaves no tensor behind', async () => {
    const net = loadedTiny();
    const fused = fuseTiny(net.params as unknown as TinyParams, net.config.meanRgb as number[]);
    // Noise, a disc, and a picture face-api pads square itself (512 × 384: the black band below
    // is where the mean subtracted before the first convolution matters most).
    const pictures = [tf.randomUniform([1, 512, 512, 3], 0, 255, 'float32', 5) as tf.Tensor4D, disc(512, 512), disc(512, 384)];
    for (const [picture, size] of [[pictures[0], 512], [pictures[1], 512], [pictures[2], 512], [pictures[1], 416]] as [tf.Tensor4D, number][]) {
      const input = await faceapi.toNetInput(picture as never);
      const want = net.forwardInput(input, size) as unknown as tf.Tensor4D;
      const before = tf.memory().numTensors;
      const got = tf.tidy(() => fused.forward(tf.cast(input.toBatchTensor(size, false) as unknown as tf.Tensor4D, 'float32')));
      expect(tf.memory().numTensors - before).toBe(1);
      expect(got.shape).toEqual(want.shape);
      expect(got.shape).toEqual([1, size / 32, size / 32, 25]);
      const [w, g] = (await Promise.all([want.data(), got.data()])) as [Float32Array, Float32Array];
      let worst = 0;
      w.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (g[i] as number)))));
      expect(worst).toBeLessThan(1e-3);
      tf.dispose([want, got]);
    }
    tf.dispose(pictures);
    fused.dispose();
    net.dispose();
  });

  it('finds the same faces through face-api’s own locateFaces', async () => {
    const net = loadedTiny();
    const plain = loadedTiny();
    const fused = fuseTiny(net.params as unknown as TinyParams, net.config.meanRgb as number[]);
    (net as unknown as { forwardInput(input: faceapi.NetInput, size: number): tf.Tensor4D }).forwardInput = (input, size) =>
      tf.tidy(() => fused.forward(tf.cast(input.toBatchTensor(size, false) as unknown as tf.Tensor4D, 'float32')));
    // One of face-api's own sample photos (three people).
    const { width, height, data } = jpeg.decode(readFileSync('node_modules/@vladmandic/face-api/demo/sample1.jpg'), { useTArray: true });
    const picture = tf.tidy(() => tf.slice(tf.tensor3d(Float32Array.from(data), [height, width, 4]), [0, 0, 0], [-1, -1, 3]));
    const options = new faceapi.TinyFaceDetectorOptions({ inputSize: 512, scoreThreshold: 0.5 });
    const [a, b] = [await net.locateFaces(picture as never, options), await plain.locateFaces(picture as never, options)];
    expect(a.length).toBe(b.length);
    expect(a.length).toBeGreaterThanOrEqual(3);
    a.forEach((d, i) => {
      expect(d.score).toBeCloseTo((b[i] as faceapi.FaceDetection).score, 4);
      expect(d.box.x).toBeCloseTo((b[i] as faceapi.FaceDetection).box.x, 2);
      expect(d.box.width).toBeCloseTo((b[i] as faceapi.FaceDetection).box.width, 2);
    });
    picture.dispose();
    fused.dispose();
    net.dispose();
    plain.dispose();
  });
});
