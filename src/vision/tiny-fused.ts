import { tf } from './backends';
import { foldInputScaling, separableConv, type SeparableConv } from './fused-ops';

/**
 * face-api's Tiny Face Detector (its `params` once loaded) with less of the wasm backend's waste.
 * face-api makes the network's input by filling a picture-sized tensor with each channel's mean and
 * joining the three (a `concat` over the whole picture: 41 of its 114 ms in Node), and follows each
 * convolution with a bias add and a leaky ReLU of four operations (multiply, subtract, ReLU, add).
 * Here the input's scaling, `(pixel − mean) / 255`, is folded into the first convolution (unpadded,
 * so exact), each bias runs inside its convolution, and the leaky ReLU is one XNNPACK PReLU after
 * the max pool instead of before it (an increasing function commutes with a maximum): 36 ms. The
 * network and its output are face-api's; tests/unit/tiny-fused.test.ts compares the two.
 */

interface Conv {
  filters: tf.Tensor4D;
  bias: tf.Tensor1D;
}

/** face-api's TinyFaceDetector `params`: conv0 a plain 3×3 convolution, conv1…5 separable ones, conv8 the 1×1 output layer. */
export interface TinyParams {
  conv0: Conv;
  conv1: SeparableConv;
  conv2: SeparableConv;
  conv3: SeparableConv;
  conv4: SeparableConv;
  conv5: SeparableConv;
  conv8: Conv;
}

/** face-api's leaky ReLU's slope (0.1 as a float32). */
const LEAKY = 0.10000000149011612;

export interface FusedTiny {
  /** The network on square pictures already at the input size (raw 0–255, as face-api's NetInput gives them): its [n, s/32, s/32, 25] grid. */
  forward(batch: tf.Tensor4D): tf.Tensor4D;
  dispose(): void;
}

function layer<T>(params: Partial<Record<string, T>>, name: string): T {
  const found = params[name];
  if (!found) throw new Error(`face-api's Tiny Face Detector has no ${name}`);
  return found;
}

/** `meanRgb`: the channel means face-api subtracts from the input (the detector's `config.meanRgb`). */
export function fuseTiny(params: TinyParams, meanRgb: readonly number[]): FusedTiny {
  const loaded = params as unknown as Partial<Record<string, Conv & SeparableConv>>;
  const [first, output] = [layer(loaded, 'conv0'), layer(loaded, 'conv8')];
  const separable = [1, 2, 3, 4, 5].map((i) => layer(loaded, `conv${i}`));
  // conv0 is unpadded: the input's scaling goes into it (fused-ops.ts).
  const { filter: filters, bias } = tf.tidy(() => {
    const folded = foldInputScaling(first.filters, first.bias, meanRgb, 255);
    return { filter: tf.keep(folded.filter), bias: tf.keep(folded.bias) };
  });
  // The leaky ReLU as a PReLU with every slope 0.1: XNNPACK runs PReLU, where tfjs's wasm LeakyRelu
  // is a plain loop (25 ms against 1.3 here). It comes after each max pool, on a quarter of the
  // values: max pooling and an increasing function commute, so the result is the same.
  const widths = [first.filters.shape[3], ...separable.map((s) => s.pointwise_filter.shape[3])];
  const slopes = new Map(widths.map((channels) => [channels, tf.fill([channels], LEAKY) as tf.Tensor1D]));
  const leaky = (x: tf.Tensor4D): tf.Tensor4D => tf.prelu(x, slopes.get(x.shape[3]) as unknown as tf.Tensor4D);

  return {
    forward(batch) {
      return tf.tidy(() => {
        let out = tf.fused.conv2d({ x: batch, filter: filters, strides: 1, pad: 'valid', bias });
        out = leaky(tf.maxPool(out, 2, 2, 'same'));
        separable.forEach((s, i) => {
          // face-api pads by one and convolves 'valid': the same as 'same' for a 3×3 kernel at stride 1.
          out = leaky(tf.maxPool(separableConv(out, s, 1), 2, i === 4 ? 1 : 2, 'same'));
        });
        return tf.fused.conv2d({ x: out, filter: output.filters, strides: 1, pad: 'valid', bias: output.bias });
      });
    },
    dispose() {
      tf.dispose([filters, bias, ...slopes.values()]);
    },
  };
}
