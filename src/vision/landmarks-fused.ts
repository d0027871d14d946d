import { tf } from './backends';
import { FACE_API_MEAN_RGB, foldPaddedInputScaling, separableConv, type SeparableConv } from './fused-ops';

/**
 * face-api's 68-point landmark network (FaceLandmark68Net, its `params` and its feature
 * extractor's once loaded: four dense blocks over a 112² face, an average pool and a fully
 * connected layer) with fewer operations. face-api builds its input by subtracting channel means
 * filled picture-sized and joined, then dividing by 255 (3.3 ms of the network's 8.9 a face on the
 * wasm backend, docs/PLATFORM.md), adds every separable convolution's bias as an operation of its
 * own and sums each dense block's outputs again from the start for each ReLU. Here:
 * - the input's `(pixel − mean) / 255` goes into the first convolution. It is 'same'-padded, so
 *   near the borders it sees padding where face-api's sees `−mean / 255`: the mean's response is
 *   taken as a map of the convolution's whole output (the input is always 112²), not one number a
 *   channel (`foldPaddedInputScaling`, fused-ops.ts);
 * - each separable convolution's bias, and the ReLU of a block's first, run inside its pointwise
 *   convolution;
 * - a block's running sum is kept (out1 + out2, then + out3, then + out4), each ReLU taken of it.
 * The network and its points are face-api's; tests/unit/landmarks-fused.test.ts compares the two.
 */

interface DenseBlock {
  conv0: SeparableConv | { filters: tf.Tensor4D; bias: tf.Tensor1D };
  conv1: SeparableConv;
  conv2: SeparableConv;
  conv3: SeparableConv;
}

/** face-api's FaceLandmark68Net: its `params` (the fully connected layer) and its feature extractor's (four dense blocks). */
export interface LandmarkParams {
  fc: { weights: tf.Tensor2D; bias: tf.Tensor1D };
  dense: [DenseBlock, DenseBlock, DenseBlock, DenseBlock];
}

/** The parameters of a loaded face-api FaceLandmark68Net, as fuseLandmarks takes them. */
export function landmarkParams(net: { params?: unknown; faceFeatureExtractor: { params?: unknown } }): LandmarkParams {
  const { fc } = (net.params ?? {}) as Partial<LandmarkParams>;
  const extractor = (net.faceFeatureExtractor.params ?? {}) as Partial<Record<'dense0' | 'dense1' | 'dense2' | 'dense3', DenseBlock>>;
  const { dense0, dense1, dense2, dense3 } = extractor;
  if (!fc || !dense0 || !dense1 || !dense2 || !dense3) throw new Error("face-api's landmark network is not loaded");
  return { fc, dense: [dense0, dense1, dense2, dense3] };
}

/** The landmark network's input side. */
export const LANDMARK_INPUT = 112;

export interface FusedLandmarks {
  /** Each face's 68 points as [x0, y0, x1, y1, …] in pixels of its square ([n, 112, 112, 3], raw 0–255). */
  forward(batch: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

export function fuseLandmarks({ fc, dense }: LandmarkParams): FusedLandmarks {
  const first = dense[0].conv0;
  if (!('filters' in first)) throw new Error("face-api's landmark network: its first convolution is not a plain one");
  // The first convolution is 'same'-padded: the input's scaling goes into it with a bias map (fused-ops.ts).
  const { filter, bias: meanResponse } = tf.tidy(() => {
    const folded = foldPaddedInputScaling(first.filters, first.bias, FACE_API_MEAN_RGB, 255, LANDMARK_INPUT, 2);
    return { filter: tf.keep(folded.filter), bias: tf.keep(folded.bias) };
  });

  const block = (x: tf.Tensor4D, p: DenseBlock, isFirst: boolean): tf.Tensor4D => {
    const out1 = isFirst ? tf.relu(tf.add(tf.conv2d(x, filter, 2, 'same'), meanResponse)) : separableConv(x, p.conv0 as SeparableConv, 2, 'relu');
    const sum2 = tf.add(out1 as tf.Tensor4D, separableConv(out1 as tf.Tensor4D, p.conv1, 1));
    const sum3 = tf.add(sum2, separableConv(tf.relu(sum2) as tf.Tensor4D, p.conv2, 1));
    return tf.relu(tf.add(sum3, separableConv(tf.relu(sum3) as tf.Tensor4D, p.conv3, 1))) as tf.Tensor4D;
  };

  return {
    forward(batch) {
      if (batch.shape[1] !== LANDMARK_INPUT || batch.shape[2] !== LANDMARK_INPUT) throw new Error(`the landmark network takes ${LANDMARK_INPUT}² faces, not ${batch.shape[1]}×${batch.shape[2]}`);
      return tf.tidy(() => {
        let out = block(batch, dense[0], true);
        for (const p of dense.slice(1)) out = block(out, p, false);
        const pooled = tf.avgPool(out, [7, 7], [2, 2], 'valid');
        const relative = tf.fused.matMul({ a: tf.reshape(pooled, [batch.shape[0], -1]) as tf.Tensor2D, b: fc.weights, bias: fc.bias });
        return tf.mul(relative, LANDMARK_INPUT) as tf.Tensor2D;
      });
    },
    dispose() {
      tf.dispose([filter, meanResponse]);
    },
  };
}
