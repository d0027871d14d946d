import { tf } from './backends';
import { FACE_API_MEAN_RGB, foldInputScaling } from './fused-ops';

/**
 * face-api's face recognition network (dlib's ResNet-34 descriptor, its `params` once loaded) with
 * fewer passes over each activation. face-api follows every convolution with a bias add, a
 * multiply and an add (dlib's scale layer) and a ReLU, each a separate operation on the wasm
 * backend, and builds its input by subtracting channel means filled picture-sized and joined. Here
 * the scale layer is folded into the convolution's kernel and bias (conv(x, W)·s + b·s + c is
 * conv(x, W·s) + (b·s + c)), the ReLU runs inside the convolution, and the input's
 * `(pixel − mean) / 255` is folded into the first, unpadded convolution. The network and its
 * descriptor are face-api's; tests/unit/resnet-fused.test.ts compares the two.
 */

interface ConvLayer {
  conv: { filters: tf.Tensor4D; bias: tf.Tensor1D };
  scale: { weights: tf.Tensor1D; biases: tf.Tensor1D };
}
interface Residual {
  conv1: ConvLayer;
  conv2: ConvLayer;
}

/** face-api's FaceRecognitionNet `params`: a first convolution, residual blocks (`_down` ones halve the picture), and the 128-d projection. */
export interface RecognitionParams {
  conv32_down: ConvLayer;
  fc: tf.Tensor2D;
  [block: string]: ConvLayer | Residual | tf.Tensor2D;
}

/** The blocks in face-api's order after the first convolution and its max pool. */
const BLOCKS = ['conv32_1', 'conv32_2', 'conv32_3', 'conv64_down', 'conv64_1', 'conv64_2', 'conv64_3', 'conv128_down', 'conv128_1', 'conv128_2', 'conv256_down', 'conv256_1', 'conv256_2', 'conv256_down_out'];

export interface FusedRecognition {
  /** Descriptors ([n, 128]) of square chips already 150 px (raw 0–255, as face-api's NetInput gives them). */
  forward(batch: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

interface Folded {
  filter: tf.Tensor4D;
  bias: tf.Tensor1D;
}

export function fuseRecognition(params: RecognitionParams): FusedRecognition {
  const made: tf.Tensor[] = [];
  const fold = (layer: ConvLayer, input?: { mean: readonly number[]; scale: number }): Folded =>
    tf.tidy(() => {
      const { weights: s, biases: c } = layer.scale;
      let filter = tf.mul(layer.conv.filters, tf.reshape(s, [1, 1, 1, -1])) as tf.Tensor4D;
      let bias = tf.add(tf.mul(layer.conv.bias, s), c) as tf.Tensor1D;
      // The first convolution is unpadded: the input's scaling goes into it (fused-ops.ts).
      if (input) ({ filter, bias } = foldInputScaling(filter, bias, input.mean, input.scale));
      made.push(tf.keep(filter), tf.keep(bias));
      return { filter, bias };
    });
  const block = (name: string): Residual => {
    const found = params[name] as Residual | undefined;
    if (!found?.conv1 || !found.conv2) throw new Error(`face-api's face recognition network has no ${name}`);
    return found;
  };
  const first = fold(params.conv32_down, { mean: FACE_API_MEAN_RGB, scale: 255 });
  const blocks = BLOCKS.map((name) => ({ down: name.endsWith('_down') || name.endsWith('_down_out'), conv1: fold(block(name).conv1), conv2: fold(block(name).conv2) }));
  const conv = (x: tf.Tensor4D, f: Folded, strides: number, pad: 'same' | 'valid', relu: boolean) =>
    tf.fused.conv2d({ x, filter: f.filter, bias: f.bias, strides, pad, activation: relu ? 'relu' : 'linear' });

  return {
    forward(batch) {
      return tf.tidy(() => {
        let out = conv(batch, first, 2, 'valid', true);
        out = tf.maxPool(out, 3, 2, 'valid');
        for (const b of blocks) {
          const inner = conv(conv(out, b.conv1, b.down ? 2 : 1, b.down ? 'valid' : 'same', true), b.conv2, 1, 'same', false);
          let shortcut = out;
          if (b.down) {
            // face-api's shortcut of a halving block: the input average-pooled, zero channels added
            // where the block widens, and the block's output zero-padded where the pool is larger.
            shortcut = tf.avgPool(out, 2, 2, 'valid');
            const extra = inner.shape[3] - shortcut.shape[3];
            if (extra > 0) shortcut = tf.pad(shortcut, [[0, 0], [0, 0], [0, 0], [0, extra]]);
          }
          const [dh, dw] = [shortcut.shape[1] - inner.shape[1], shortcut.shape[2] - inner.shape[2]];
          const grown = dh > 0 || dw > 0 ? tf.pad(inner, [[0, 0], [0, Math.max(0, dh)], [0, Math.max(0, dw)], [0, 0]]) : inner;
          out = tf.relu(tf.add(shortcut, grown)) as tf.Tensor4D;
        }
        return tf.matMul(tf.mean(out, [1, 2]) as tf.Tensor2D, params.fc);
      });
    },
    dispose() {
      tf.dispose(made);
    },
  };
}
