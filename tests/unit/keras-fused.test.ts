import { describe, expect, it } from 'vitest';
import { tf } from '../../src/vision/backends';
import { fuseKeras, fuseLayersModel, type KerasConfig } from '../../src/vision/keras-fused';
import { nsfwFiles } from '../../models/ship-models';
import { useWasmBackend } from './wasm-backend';

useWasmBackend();

/** nsfwjs's MobileNetV2 as the app ships it (models/ship-models.ts), as the artifacts tfjs loads. */
function shippedNsfw(): tf.io.ModelArtifacts {
  const [json, bin] = nsfwFiles().map((f) => f.source()) as [Buffer, Buffer];
  const { modelTopology, weightsManifest } = JSON.parse(String(json)) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  return { modelTopology, weightSpecs: weightsManifest.flatMap((g) => g.weights), weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer, format: 'layers-model' };
}

describe('a Keras model run with its batch normalisations folded into the convolutions', () => {
  it('gives nsfwjs’s MobileNetV2 the answers tfjs’s own layers API gives, on pictures of every kind', async () => {
    const artifacts = shippedNsfw();
    const reference = await tf.loadLayersModel({ load: async () => artifacts });
    const fused = fuseLayersModel(artifacts);
    // Noise, a flat grey, a gradient with a bright square: the classifier's inputs are 0–1 pixels.
    const pictures = [
      tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 7),
      tf.fill([1, 224, 224, 3], 0.5),
      tf.tidy(() => tf.stack([tf.linspace(0, 1, 224).reshape([1, 224, 1]).tile([224, 1, 3])]).add(tf.pad(tf.ones([60, 60, 3]), [[40, 124], [100, 64], [0, 0]])).clipByValue(0, 1)),
    ] as tf.Tensor4D[];
    const before = tf.memory().numTensors;
    for (const picture of pictures) {
      const want = reference.predict(picture) as tf.Tensor;
      const got = fused.predict(picture);
      const [w, g] = [await want.data(), await got.data()];
      expect(got.shape).toEqual([1, 5]);
      for (let i = 0; i < 5; i++) expect(Math.abs((g[i] as number) - (w[i] as number))).toBeLessThan(1e-4);
      tf.dispose([want, got]);
    }
    // predict leaves nothing behind; dispose frees what the load made.
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(pictures);
    const loaded = tf.memory().numTensors;
    fused.dispose();
    expect(tf.memory().numTensors).toBeLessThan(loaded);
    reference.dispose();
  });

  it('folds a normalisation into a convolution with a bias and fuses a capped ReLU; a plain one too', async () => {
    const layer = (class_name: string, name: string, from: string | undefined, config: Record<string, unknown> = {}) => ({ class_name, config: { name, ...config }, inbound_nodes: from ? [[[from, 0, 0, {}]]] : [] }) as KerasConfig['layers'][number];
    const config: KerasConfig = {
      layers: [
        layer('InputLayer', 'in', undefined),
        layer('Conv2D', 'conv', 'in', { kernel_size: [3, 3], strides: [1, 1], padding: 'same', activation: 'linear', use_bias: true }),
        layer('BatchNormalization', 'bn', 'conv', { epsilon: 0.001, axis: -1 }),
        layer('ReLU', 'relu', 'bn', { max_value: 6 }),
        layer('DepthwiseConv2D', 'dw', 'relu', { kernel_size: [3, 3], strides: [2, 2], padding: 'valid', activation: 'linear', use_bias: false, depth_multiplier: 2 }),
        layer('BatchNormalization', 'dw_bn', 'dw', { epsilon: 0.001, axis: -1 }),
        layer('ReLU', 'dw_relu', 'dw_bn', {}),
        layer('GlobalAveragePooling2D', 'pool', 'dw_relu'),
        layer('Dense', 'out', 'pool', { activation: 'softmax', use_bias: true }),
      ],
      input_layers: [['in', 0, 0]],
      output_layers: [['out', 0, 0]],
    };
    const r = (shape: number[], seed: number, lo = -1, hi = 1) => tf.randomUniform(shape, lo, hi, 'float32', seed);
    const weights: tf.NamedTensorMap = {
      'conv/kernel': r([3, 3, 3, 4], 1), 'conv/bias': r([4], 2),
      'bn/gamma': r([4], 3, 0.5, 2), 'bn/beta': r([4], 4), 'bn/moving_mean': r([4], 5), 'bn/moving_variance': r([4], 6, 0.1, 3),
      'dw/depthwise_kernel': r([3, 3, 4, 2], 7),
      'dw_bn/gamma': r([8], 8, 0.5, 2), 'dw_bn/beta': r([8], 9), 'dw_bn/moving_mean': r([8], 10), 'dw_bn/moving_variance': r([8], 11, 0.1, 3),
      'out/kernel': r([8, 3], 12), 'out/bias': r([3], 13),
    };
    const bn = (x: tf.Tensor, n: string) => tf.batchNorm(x, weights[`${n}/moving_mean`] as tf.Tensor, weights[`${n}/moving_variance`] as tf.Tensor, weights[`${n}/beta`], weights[`${n}/gamma`], 0.001);
    const x = r([2, 9, 9, 3], 14, 0, 3) as tf.Tensor4D;
    const want = tf.tidy(() => {
      let y = tf.add(tf.conv2d(x, weights['conv/kernel'] as tf.Tensor4D, 1, 'same'), weights['conv/bias'] as tf.Tensor);
      y = tf.clipByValue(bn(y, 'bn'), 0, 6);
      y = tf.relu(bn(tf.depthwiseConv2d(y as tf.Tensor4D, weights['dw/depthwise_kernel'] as tf.Tensor4D, 2, 'valid'), 'dw_bn'));
      return tf.softmax(tf.add(tf.matMul(tf.mean(y, [1, 2]), weights['out/kernel'] as tf.Tensor2D), weights['out/bias'] as tf.Tensor));
    });
    const fused = fuseKeras(config, weights);
    const got = fused.predict(x);
    expect(got.shape).toEqual([2, 3]);
    const [g, w] = [await got.data(), await want.data()];
    g.forEach((v, i) => expect(v).toBeCloseTo(w[i] as number, 5));
    fused.dispose();
    tf.dispose([got, want, x, ...Object.values(weights)]);
  });

  it('refuses a layer it does not know at load, not with a wrong answer later', () => {
    const config = { layers: [{ class_name: 'InputLayer', config: { name: 'in' }, inbound_nodes: [] }, { class_name: 'LSTM', config: { name: 'rnn' }, inbound_nodes: [[['in', 0, 0, {}]]] }], input_layers: [['in', 0, 0]], output_layers: [['rnn', 0, 0]] } as KerasConfig;
    expect(() => fuseKeras(config, {})).toThrow(/rnn: layer LSTM is not supported/);
  });
});
