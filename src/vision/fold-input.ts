import { tf } from './backends';

/**
 * A first convolution that sees `(pixel − mean) / divisor` turned into one that sees the raw pixels:
 * conv((x − m) / d) = conv(x) with its kernel divided by d, less the kernel's response to m / d. Exact
 * only for an unpadded ('valid') convolution, which never sees a padded border. The networks that
 * face-api runs normalise their input this way, with channel means filled picture-sized and
 * joined: a pass over the whole picture this saves (tiny-fused.ts, resnet-fused.ts). Call it
 * inside a `tf.tidy`.
 */
export function foldInputScaling(filter: tf.Tensor4D, bias: tf.Tensor1D, mean: readonly number[], divisor: number): { filter: tf.Tensor4D; bias: tf.Tensor1D } {
  const scaled = tf.div(filter, divisor) as tf.Tensor4D;
  const meanResponse = tf.sum(tf.mul(scaled, tf.reshape(tf.tensor1d([...mean]), [1, 1, -1, 1])), [0, 1, 2]);
  return { filter: scaled, bias: tf.sub(bias, meanResponse) as tf.Tensor1D };
}
