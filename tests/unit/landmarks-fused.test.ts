import { describe, expect, it } from 'vitest';
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm-nobundle.js';
import { tf } from '../../src/vision/backends';
import { fuseLandmarks, LANDMARK_INPUT, landmarkParams } from '../../src/vision/landmarks-fused';
import { FACE_API_MEAN_RGB } from '../../src/vision/fused-ops';
import { loadedFaceNet } from './face-weights';
import { useWasmBackend } from './wasm-backend';

useWasmBackend();

describe('face-api’s landmark network with its input’s means and its biases folded in', () => {
  it('gives the points face-api gives, for one face and for a batch, and leaves no tensor behind', async () => {
    const net = loadedFaceNet(new faceapi.FaceLandmark68Net(), 'face_landmark_68_model');
    const fused = fuseLandmarks(landmarkParams(net));
    const side = LANDMARK_INPUT;
    // Noise, a smooth gradient and a flat grey the colour of the means (where a mean folded as one
    // number a channel would be wrong at every border), each 112².
    const noise = tf.randomUniform([1, side, side, 3], 0, 255, 'float32', 3) as tf.Tensor4D;
    const gradient = tf.tidy(() => tf.mul(tf.reshape(tf.range(0, side * side * 3), [1, side, side, 3]), 255 / (side * side * 3))) as tf.Tensor4D;
    const grey = tf.tidy(() => tf.mul(tf.ones([1, side, side, 3]), tf.tensor1d([...FACE_API_MEAN_RGB]))) as tf.Tensor4D;
    for (const picture of [noise, gradient, grey, tf.concat([noise, gradient, grey]) as tf.Tensor4D]) {
      const wanted = (await net.detectLandmarks(picture.shape[0] > 1 ? (tf.unstack(picture) as never) : (picture as never))) as faceapi.FaceLandmarks68 | faceapi.FaceLandmarks68[];
      const want = (Array.isArray(wanted) ? wanted : [wanted]).flatMap((l) => l.positions.flatMap((p) => [p.x, p.y]));
      const before = tf.memory().numTensors;
      const got = fused.forward(picture);
      expect(tf.memory().numTensors - before).toBe(1);
      expect(got.shape).toEqual([picture.shape[0], 136]);
      const g = await got.data();
      let worst = 0;
      want.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (g[i] as number)))));
      // Points in pixels of the 112 px square: a thousandth of a pixel changes no alignment.
      expect(worst).toBeLessThan(1e-3);
      got.dispose();
    }
    tf.dispose([noise, gradient, grey]);
    fused.dispose();
    net.dispose();
  });

  it('takes only 112² faces', () => {
    const net = loadedFaceNet(new faceapi.FaceLandmark68Net(), 'face_landmark_68_model');
    const fused = fuseLandmarks(landmarkParams(net));
    const small = tf.zeros([1, 96, 96, 3]) as tf.Tensor4D;
    expect(() => fused.forward(small)).toThrow(/112²/);
    small.dispose();
    fused.dispose();
    net.dispose();
  });
});
