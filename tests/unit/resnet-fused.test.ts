import { describe, expect, it } from 'vitest';
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm-nobundle.js';
import { tf } from '../../src/vision/backends';
import { fuseRecognition, type RecognitionParams } from '../../src/vision/resnet-fused';
import { loadedFaceNet } from './face-weights';
import { useWasmBackend } from './wasm-backend';

useWasmBackend();

/** face-api's face recognition network with the weights the app ships (models/manifest.ts). */
const loadedRecognition = () => loadedFaceNet(new faceapi.FaceRecognitionNet(), 'face_recognition_model');

describe('face-api’s face recognition network with its scale layers folded in', () => {
  it('gives the descriptor face-api gives, for one chip and for a batch, and leaves no tensor behind', async () => {
    const net = loadedRecognition();
    const fused = fuseRecognition(net.params as unknown as RecognitionParams);
    // Noise, a smooth gradient (a face-like chip is not needed: every layer is exercised), and a
    // chip smaller than 150 px that face-api pads square and enlarges itself.
    const noise = tf.randomUniform([1, 150, 150, 3], 0, 255, 'float32', 7) as tf.Tensor4D;
    const gradient = tf.tidy(() => tf.mul(tf.add(tf.reshape(tf.range(0, 150 * 150 * 3), [1, 150, 150, 3]), 0), 255 / (150 * 150 * 3))) as tf.Tensor4D;
    const small = tf.randomUniform([1, 120, 90, 3], 0, 255, 'float32', 8) as tf.Tensor4D;
    for (const picture of [noise, gradient, small, tf.concat([noise, gradient]) as tf.Tensor4D]) {
      const input = await faceapi.toNetInput(picture.shape[0] > 1 ? (tf.unstack(picture) as never) : (picture as never));
      const want = net.forwardInput(input) as unknown as tf.Tensor2D;
      const before = tf.memory().numTensors;
      const got = tf.tidy(() => fused.forward(tf.cast(input.toBatchTensor(150, true) as unknown as tf.Tensor4D, 'float32')));
      expect(tf.memory().numTensors - before).toBe(1);
      expect(got.shape).toEqual([picture.shape[0], 128]);
      const [w, g] = (await Promise.all([want.data(), got.data()])) as [Float32Array, Float32Array];
      let worst = 0;
      w.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (g[i] as number)))));
      // Descriptors are about 1 long and people 0.5 apart: 1e-4 changes nothing.
      expect(worst).toBeLessThan(1e-4);
      tf.dispose([want, got]);
    }
    tf.dispose([noise, gradient, small]);
    fused.dispose();
    net.dispose();
  });
});
