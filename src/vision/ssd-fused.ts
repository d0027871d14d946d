import { tf } from './backends';

/**
 * face-api's SSD MobileNetV1 face detector (its `params` once loaded) as fused operations: each
 * convolution, its batch normalisation and its ReLU6 as one. face-api runs a depthwise convolution,
 * a batch normalisation and a clip (three passes over the activation), and a pointwise convolution,
 * an add and a clip: on the wasm backend those extra passes were 75 ms of the detector's 310 in Node
 * (docs/PLATFORM.md). The network and the boxes' decoding are the same as face-api's (its weights,
 * its anchors); tests/unit/ssd-fused.test.ts compares the two on the same input.
 */

interface Pointwise {
  filters: tf.Tensor4D;
  batch_norm_offset: tf.Tensor1D;
}
interface Depthwise {
  filters: tf.Tensor4D;
  batch_norm_scale: tf.Tensor1D;
  batch_norm_offset: tf.Tensor1D;
  batch_norm_mean: tf.Tensor1D;
  batch_norm_variance: tf.Tensor1D;
}
interface Conv {
  filters: tf.Tensor4D;
  bias: tf.Tensor1D;
}
interface Predictor {
  box_encoding_predictor: Conv;
  class_predictor: Conv;
}

/** face-api's SsdMobilenetv1 `params` (the parts used here). */
export interface SsdParams {
  /** conv_0 is a plain convolution (Pointwise's fields), conv_1…13 depthwise-pointwise pairs. */
  mobilenetv1: Record<string, Pointwise & { depthwise_conv: Depthwise; pointwise_conv: Pointwise }>;
  prediction_layer: Record<string, Pointwise & Predictor>;
  output_layer: { extra_dim: tf.Tensor3D };
}

/** What face-api's `forwardInput` gives its `locateFaces`: per picture, every anchor's box (top, left, bottom, right; 0–1) and face score. */
export type SsdOutput = {
  boxes: tf.Tensor2D[];
  scores: tf.Tensor1D[];
};

/** face-api's batch normalisation epsilon (TensorFlow's default as a float32). */
const EPSILON = 0.0010000000474974513;
/** The depthwise convolutions of MobileNetV1 (1–13) that halve the picture. */
const HALVING = new Set([2, 4, 6, 12]);

export interface FusedSsd {
  /** The network on pictures already made 512×512 (raw 0–255, as face-api's NetInput gives them). */
  forward(batch: tf.Tensor4D): SsdOutput;
  dispose(): void;
}

/** One of face-api's layers by name: every one is there once the weights are loaded. */
function layer<T>(group: Record<string, T>, name: string): T {
  const found = group[name];
  if (!found) throw new Error(`face-api's SSD has no ${name}`);
  return found;
}

export function fuseSsd(params: SsdParams): FusedSsd {
  const made: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    made.push(t);
    return tf.keep(t);
  };
  // A depthwise layer's normalisation folded into its kernel ([3, 3, channels, 1]) and a bias.
  const depthwise = Array.from({ length: 13 }, (_, i) => {
    const { depthwise_conv: d, pointwise_conv: pointwise } = layer(params.mobilenetv1, `conv_${i + 1}`);
    const [filters, bias] = tf.tidy(() => {
      const scale = tf.div(d.batch_norm_scale, tf.sqrt(tf.add(d.batch_norm_variance, EPSILON)));
      return [tf.mul(d.filters, tf.reshape(scale, [1, 1, -1, 1])), tf.sub(d.batch_norm_offset, tf.mul(d.batch_norm_mean, scale))];
    });
    return { filters: keep(filters as tf.Tensor4D), bias: keep(bias as tf.Tensor1D), pointwise, strides: HALVING.has(i + 1) ? 2 : 1 };
  });
  // Every layer looked up once, here: a missing one fails the load, not a photo.
  const first = layer(params.mobilenetv1, 'conv_0');
  const extraLayers = Array.from({ length: 8 }, (_, i) => layer(params.prediction_layer, `conv_${i}`));
  const predictors = Array.from({ length: 6 }, (_, i) => layer(params.prediction_layer, `box_predictor_${i}`));
  const pointwise = (x: tf.Tensor4D, p: Pointwise, strides: number): tf.Tensor4D =>
    tf.fused.conv2d({ x, filter: p.filters, strides, pad: 'same', bias: p.batch_norm_offset, activation: 'relu6' });
  const predictor = (x: tf.Tensor4D, p: Predictor): [tf.Tensor, tf.Tensor] => {
    const conv = (c: Conv) => tf.fused.conv2d({ x, filter: c.filters, strides: 1, pad: 'same', bias: c.bias });
    const batch = x.shape[0];
    return [tf.reshape(conv(p.box_encoding_predictor), [batch, -1, 4]), tf.reshape(conv(p.class_predictor), [batch, -1, 3])];
  };
  const anchors = tf.tidy(() => {
    const a = tf.reshape(params.output_layer.extra_dim, [-1, 4]);
    const size = tf.sub(tf.slice(a, [0, 2], [-1, 2]), tf.slice(a, [0, 0], [-1, 2]));
    return { size: keep(size), centre: keep(tf.add(tf.slice(a, [0, 0], [-1, 2]), tf.div(size, 2))) };
  });

  return {
    forward(batch) {
      return tf.tidy(() => {
        // MobileNetV1's input: pixels scaled to -1…1.
        const x = tf.sub(tf.mul(batch, 0.007843137718737125), 1) as tf.Tensor4D;
        let out = pointwise(x, first, 2);
        let conv11 = out;
        depthwise.forEach((d, i) => {
          out = tf.fused.depthwiseConv2d({ x: out, filter: d.filters, strides: d.strides, pad: 'same', bias: d.bias, activation: 'relu6' });
          out = pointwise(out, d.pointwise, 1);
          if (i + 1 === 11) conv11 = out;
        });
        // The extra feature maps, then a box and a class prediction from each of six of them.
        const extra: tf.Tensor4D[] = [];
        let y = out;
        for (const [i, l] of extraLayers.entries()) {
          y = pointwise(y, l, i % 2 ? 2 : 1);
          extra.push(y);
        }
        const maps = [conv11, out, extra[1], extra[3], extra[5], extra[7]] as tf.Tensor4D[];
        const predictions = maps.map((m, i) => predictor(m, predictors[i] as Predictor));
        const encodings = tf.concat(predictions.map(([e]) => e), 1);
        const classes = tf.concat(predictions.map(([, c]) => c), 1);
        const n = batch.shape[0];
        // SSD's box decoding: the centre moves by a tenth of the anchor's size, the size scales by e^(v/5).
        const e = tf.reshape(encodings, [-1, 4]);
        const size = tf.tile(anchors.size, [n, 1]);
        const centre = tf.add(tf.mul(tf.div(tf.slice(e, [0, 0], [-1, 2]), 10), size), tf.tile(anchors.centre, [n, 1]));
        const half = tf.div(tf.mul(tf.exp(tf.div(tf.slice(e, [0, 2], [-1, 2]), 5)), size), 2);
        const boxes = tf.reshape(tf.concat([tf.sub(centre, half), tf.add(centre, half)], 1), [n, -1, 4]);
        const scores = tf.reshape(tf.sigmoid(tf.slice(classes, [0, 0, 1], [-1, -1, 1])), [n, -1]);
        return { boxes: tf.unstack(boxes) as tf.Tensor2D[], scores: tf.unstack(scores) as tf.Tensor1D[] };
      });
    },
    dispose() {
      tf.dispose(made);
    },
  };
}
