import { tf } from './backends';

/*
 * What the fused copies of face-api's networks share (tiny-fused.ts, landmarks-fused.ts,
 * resnet-fused.ts): the input's scaling folded into the first convolution, and a separable
 * convolution with its bias (and activation) inside the pointwise one.
 */

/** The channel means face-api 1.7 subtracts from a landmark or descriptor input (written in its code, not in its params). */
export const FACE_API_MEAN_RGB: readonly number[] = [122.782, 117.001, 104.298];

/**
 * A first convolution that sees `(pixel − mean) / divisor` turned into one that sees the raw pixels:
 * conv((x − m) / d) = conv(x) with its kernel divided by d, less the kernel's response to m / d. Exact
 * only for an unpadded ('valid') convolution, which never sees a padded border (a padded one:
 * `foldPaddedInputScaling`). The networks that face-api runs normalise their input this way, with
 * channel means filled picture-sized and joined: a pass over the whole picture this saves. Call it
 * inside a `tf.tidy`.
 */
export function foldInputScaling(filter: tf.Tensor4D, bias: tf.Tensor1D, mean: readonly number[], divisor: number): { filter: tf.Tensor4D; bias: tf.Tensor1D } {
  const scaled = tf.div(filter, divisor) as tf.Tensor4D;
  const meanResponse = tf.sum(tf.mul(scaled, tf.reshape(tf.tensor1d([...mean]), [1, 1, -1, 1])), [0, 1, 2]);
  return { filter: scaled, bias: tf.sub(bias, meanResponse) as tf.Tensor1D };
}

/**
 * The same fold for a 'same'-padded convolution of a `size`² input: near the borders it sees
 * padding where the original sees `−mean / divisor`, so the means' response is a map of the
 * convolution's whole output ([1, h, w, channels], added after it), not one number a channel.
 * Exact for that input size only. Call it inside a `tf.tidy`.
 */
export function foldPaddedInputScaling(filter: tf.Tensor4D, bias: tf.Tensor1D, mean: readonly number[], divisor: number, size: number, strides: number): { filter: tf.Tensor4D; bias: tf.Tensor4D } {
  const scaled = tf.div(filter, divisor) as tf.Tensor4D;
  const means = tf.mul(tf.ones([1, size, size, mean.length]), tf.tensor1d([...mean])) as tf.Tensor4D;
  return { filter: scaled, bias: tf.sub(bias, tf.conv2d(means, scaled, strides, 'same')) as tf.Tensor4D };
}

/** A separable convolution's weights as face-api keeps them. */
export interface SeparableConv {
  depthwise_filter: tf.Tensor4D;
  pointwise_filter: tf.Tensor4D;
  bias: tf.Tensor1D;
}

/** face-api's separable convolution ('same'-padded depthwise, then pointwise, then its bias) with the bias and `activation` inside the pointwise convolution. */
export function separableConv(x: tf.Tensor4D, p: SeparableConv, strides: number, activation: 'linear' | 'relu' = 'linear'): tf.Tensor4D {
  return tf.fused.conv2d({ x: tf.depthwiseConv2d(x, p.depthwise_filter, strides, 'same'), filter: p.pointwise_filter, strides: 1, pad: 'valid', bias: p.bias, activation });
}
