import { tf } from './backends';

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
 *   channel (fold-input.ts's fold, exact only unpadded);
 * - each separable convolution's bias, and the ReLU of a block's first, run inside its pointwise
 *   convolution;
 * - a block's running sum is kept (out1 + out2, then + out3, then + out4), each ReLU taken of it.
 * The network and its points are face-api's; tests/unit/landmarks-fused.test.ts compares the two.
 */

interface SeparableConv {
  depthwise_filter: tf.Tensor4D;
  pointwise_filter: tf.Tensor4D;
  bias: tf.Tensor1D;
}
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

/** The landmark network's input side, and the channel means face-api 1.7 subtracts (written in its code, not in its params). */
export const LANDMARK_INPUT = 112;
const MEAN_RGB = [122.782, 117.001, 104.298];

export interface FusedLandmarks {
  /** Each face's 68 points as [x0, y0, x1, y1, …] in pixels of its square ([n, 112, 112, 3], raw 0–255). */
  forward(batch: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

export function fuseLandmarks({ fc, dense }: LandmarkParams): FusedLandmarks {
  const first = dense[0].conv0;
  if (!('filters' in first)) throw new Error("face-api's landmark network: its first convolution is not a plain one");
  const [filter, meanResponse] = tf.tidy(() => {
    const scaled = tf.div(first.filters, 255) as tf.Tensor4D;
    // What the first convolution makes of the means alone, border by border, less its bias.
    const means = tf.mul(tf.ones([1, LANDMARK_INPUT, LANDMARK_INPUT, 3]), tf.tensor1d(MEAN_RGB));
    const bias = tf.sub(first.bias, tf.conv2d(means as tf.Tensor4D, scaled, 2, 'same'));
    return [tf.keep(scaled), tf.keep(bias)];
  }) as [tf.Tensor4D, tf.Tensor4D];

  const separable = (x: tf.Tensor4D, p: SeparableConv, strides: number, activation: 'linear' | 'relu' = 'linear') =>
    tf.fused.conv2d({ x: tf.depthwiseConv2d(x, p.depthwise_filter, strides, 'same'), filter: p.pointwise_filter, strides: 1, pad: 'valid', bias: p.bias, activation });

  const block = (x: tf.Tensor4D, p: DenseBlock, isFirst: boolean): tf.Tensor4D => {
    const out1 = isFirst ? tf.relu(tf.add(tf.conv2d(x, filter, 2, 'same'), meanResponse)) : separable(x, p.conv0 as SeparableConv, 2, 'relu');
    const sum2 = tf.add(out1 as tf.Tensor4D, separable(out1 as tf.Tensor4D, p.conv1, 1));
    const sum3 = tf.add(sum2, separable(tf.relu(sum2) as tf.Tensor4D, p.conv2, 1));
    return tf.relu(tf.add(sum3, separable(tf.relu(sum3) as tf.Tensor4D, p.conv3, 1))) as tf.Tensor4D;
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
