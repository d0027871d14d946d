import { tf } from './backends';

/** One layer of a Keras functional model's config (the `layers` of a tfjs layers-model's model.json). */
export interface KerasLayer {
  class_name: string;
  config: { name: string } & Record<string, unknown>;
  inbound_nodes: [string, number, number, unknown?][][];
}

export interface KerasConfig {
  layers: KerasLayer[];
  input_layers: [string, number, number][];
  output_layers: [string, number, number][];
}

export interface FusedModel {
  /** The model's output for a batch of inputs (the caller disposes it). */
  predict(x: tf.Tensor4D): tf.Tensor;
  /** The weights made at load (the folded ones). */
  dispose(): void;
}

type Activation = 'linear' | 'relu' | 'relu6';
type Step = (inputs: tf.Tensor[]) => tf.Tensor;

const first = (inputs: tf.Tensor[]): tf.Tensor => inputs[0] as tf.Tensor;

/** A ReLU layer tfjs can fuse into the convolution before it: plain (relu) or capped at 6 (relu6). */
function fusableRelu(layer: KerasLayer | undefined): Activation | undefined {
  if (layer?.class_name !== 'ReLU') return undefined;
  const { max_value: max, negative_slope: slope = 0, threshold = 0 } = layer.config as { max_value?: number | null; negative_slope?: number; threshold?: number };
  if (slope !== 0 || threshold !== 0) return undefined;
  if (max === 6) return 'relu6';
  return max === undefined || max === null ? 'relu' : undefined;
}

function activationOf(layer: KerasLayer): Activation {
  const name = (layer.config.activation as string | undefined) ?? 'linear';
  if (name === 'linear' || name === 'relu' || name === 'relu6') return name;
  throw new Error(`${layer.config.name}: activation ${name} cannot be fused`);
}

/**
 * Runs a Keras functional model (a tfjs layers-model's config and weights) with each convolution,
 * the batch normalisation after it and the ReLU after that as one fused operation: the
 * normalisation's scale folded into the kernel and its shift into a bias, the ReLU the fused
 * kernel's own activation. tfjs's layers API runs them as three operations, the normalisation an
 * extra pass over every activation (nsfwjs's MobileNetV2: 52 of them, about 40 % of its time on the
 * wasm backend, docs/PLATFORM.md). The answers are the same up to float rounding
 * (tests/unit/keras-fused.test.ts compares them with tfjs's own `predict`).
 *
 * Knows the layers MobileNet-like classifiers are made of; any other layer is an error at load.
 */
export function fuseKeras(config: KerasConfig, weights: tf.NamedTensorMap): FusedModel {
  const users = new Map<string, KerasLayer[]>();
  const sources = (layer: KerasLayer): string[] => {
    if (layer.inbound_nodes.length > 1) throw new Error(`${layer.config.name}: a layer called more than once is not supported`);
    return (layer.inbound_nodes[0] ?? []).map(([name]) => name);
  };
  for (const layer of config.layers) for (const from of sources(layer)) users.set(from, [...(users.get(from) ?? []), layer]);
  const only = (name: string): KerasLayer | undefined => {
    const list = users.get(name) ?? [];
    return list.length === 1 ? list[0] : undefined;
  };
  const weight = (name: string): tf.Tensor => {
    const found = weights[name];
    if (!found) throw new Error(`weight ${name} is missing`);
    return found;
  };
  const made: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    made.push(t);
    return tf.keep(t);
  };
  /** A weight used as it is, copied: the decoded weights are disposed once the model is made. */
  const own = (name: string): tf.Tensor => keep(tf.clone(weight(name)));

  /** A convolution's kernel and bias with the batch normalisation `bn` folded in (per output channel: the kernel's last axis, or the depthwise kernel's last two). */
  const folded = (conv: KerasLayer, bn: KerasLayer | undefined, kernelName: string): { kernel: tf.Tensor; bias?: tf.Tensor } => {
    const name = conv.config.name;
    const biasName = conv.config.use_bias ? `${name}/bias` : undefined;
    if (!bn) return { kernel: own(`${name}/${kernelName}`), bias: biasName ? own(biasName) : undefined };
    return tf.tidy(() => {
      const b = bn.config as { name: string; epsilon: number; center?: boolean; scale?: boolean; axis?: number | number[] };
      const axis = Array.isArray(b.axis) ? b.axis[0] : b.axis;
      if (axis !== undefined && axis !== -1 && axis !== 3) throw new Error(`${b.name}: normalises axis ${axis}, not the channels`);
      const kernel = weight(`${name}/${kernelName}`);
      const mean = weight(`${b.name}/moving_mean`);
      const variance = weight(`${b.name}/moving_variance`);
      const gamma = b.scale === false ? tf.onesLike(mean) : weight(`${b.name}/gamma`);
      const beta = b.center === false ? tf.zerosLike(mean) : weight(`${b.name}/beta`);
      const scale = tf.div(gamma, tf.sqrt(tf.add(variance, b.epsilon)));
      // A depthwise kernel is [h, w, in, multiplier]: output channel i·multiplier + m.
      const perOutput = kernelName === 'depthwise_kernel' ? tf.reshape(scale, [kernel.shape[2] as number, kernel.shape[3] as number]) : scale;
      const shift = tf.sub(beta, tf.mul(mean, scale));
      return { kernel: keep(tf.mul(kernel, perOutput)), bias: keep(biasName ? tf.add(tf.mul(weight(biasName), scale), shift) : shift) };
    });
  };

  type Pair = [number, number];
  const pair = (value: unknown): Pair => (Array.isArray(value) ? (value as Pair) : [value as number, value as number]);

  /** Each layer's step, by the name its output is known by; `absorbed` layers are done by an earlier step. */
  const steps = new Map<string, { from: string[]; run: Step }>();
  const absorbed = new Map<string, string>();
  const outputOf = (name: string): string => absorbed.get(name) ?? name;

  for (const layer of config.layers) {
    const name = layer.config.name;
    if (absorbed.has(name)) continue;
    const from = sources(layer).map(outputOf);
    const c = layer.config as Record<string, unknown>;
    const cls = layer.class_name;
    let run: Step;
    let last = name;
    if (cls === 'Conv2D' || cls === 'DepthwiseConv2D') {
      if ((c.data_format ?? 'channels_last') !== 'channels_last') throw new Error(`${name}: channels first is not supported`);
      let activation = activationOf(layer);
      const next = activation === 'linear' ? only(name) : undefined;
      const bn = next?.class_name === 'BatchNormalization' ? next : undefined;
      if (bn) {
        absorbed.set(bn.config.name, name);
        last = bn.config.name;
      }
      const relu = activation === 'linear' ? fusableRelu(only(last)) : undefined;
      if (relu) {
        activation = relu;
        absorbed.set((only(last) as KerasLayer).config.name, name);
      }
      const depthwise = cls === 'DepthwiseConv2D';
      const { kernel, bias } = folded(layer, bn, depthwise ? 'depthwise_kernel' : 'kernel');
      const strides = pair(c.strides);
      const dilations = pair(c.dilation_rate ?? 1);
      const pad = c.padding as 'same' | 'valid';
      run = depthwise
        ? (x) => tf.fused.depthwiseConv2d({ x: first(x) as tf.Tensor4D, filter: kernel as tf.Tensor4D, strides, pad, dilations, bias, activation })
        : (x) => tf.fused.conv2d({ x: first(x) as tf.Tensor4D, filter: kernel as tf.Tensor4D, strides, pad, dilations, bias, activation });
    } else if (cls === 'InputLayer' || cls === 'Dropout') {
      run = first;
    } else if (cls === 'ZeroPadding2D') {
      const [[top, bottom], [left, right]] = (Array.isArray((c.padding as unknown[])[0]) ? c.padding : [pair(c.padding), pair(c.padding)]) as [Pair, Pair];
      run = (x) => tf.pad(first(x), [[0, 0], [top, bottom], [left, right], [0, 0]]);
    } else if (cls === 'BatchNormalization') {
      const b = c as { epsilon: number; center?: boolean; scale?: boolean };
      const [mean, variance] = [own(`${name}/moving_mean`), own(`${name}/moving_variance`)];
      const beta = b.center === false ? undefined : own(`${name}/beta`);
      const gamma = b.scale === false ? undefined : own(`${name}/gamma`);
      run = (x) => tf.batchNorm(first(x), mean, variance, beta, gamma, b.epsilon);
    } else if (cls === 'ReLU') {
      const act = fusableRelu(layer);
      if (!act) throw new Error(`${name}: this ReLU is not supported`);
      run = (x) => (act === 'relu6' ? tf.relu6(first(x)) : tf.relu(first(x)));
    } else if (cls === 'Add') {
      run = (x) => tf.addN(x);
    } else if (cls === 'AveragePooling2D' || cls === 'GlobalAveragePooling2D') {
      run =
        cls === 'AveragePooling2D'
          ? (x) => tf.avgPool(first(x) as tf.Tensor4D, pair(c.pool_size), pair(c.strides ?? c.pool_size), c.padding as 'same' | 'valid')
          : (x) => tf.mean(first(x), [1, 2]);
    } else if (cls === 'Flatten') {
      run = (x) => tf.reshape(first(x), [first(x).shape[0] ?? -1, -1]);
    } else if (cls === 'Dense') {
      const kernel = own(`${name}/kernel`) as tf.Tensor2D;
      const bias = c.use_bias ? own(`${name}/bias`) : undefined;
      const act = (c.activation as string | undefined) ?? 'linear';
      if (act !== 'linear' && act !== 'relu' && act !== 'relu6' && act !== 'softmax') throw new Error(`${name}: activation ${act} is not supported`);
      run = (x) => {
        const y = tf.fused.matMul({ a: first(x) as tf.Tensor2D, b: kernel, bias, activation: act === 'softmax' ? 'linear' : act });
        return act === 'softmax' ? tf.softmax(y) : y;
      };
    } else {
      throw new Error(`${name}: layer ${cls} is not supported`);
    }
    steps.set(name, { from, run });
  }

  const [input] = config.input_layers;
  const [output] = config.output_layers;
  if (config.input_layers.length !== 1 || config.output_layers.length !== 1 || !input || !output) throw new Error('one input and one output are supported');
  const order = [...steps.entries()];
  return {
    predict(x) {
      return tf.tidy(() => {
        const values = new Map<string, tf.Tensor>([[input[0], x]]);
        for (const [name, { from, run }] of order) {
          if (name === input[0]) continue;
          values.set(name, run(from.map((f) => values.get(f) as tf.Tensor)));
        }
        return values.get(outputOf(output[0])) as tf.Tensor;
      });
    },
    dispose() {
      tf.dispose(made);
    },
  };
}

/** A tfjs layers-model fused (see `fuseKeras`), from its artifacts as `tf.io.http(…).load()` gives them. */
export function fuseLayersModel({ modelTopology, weightSpecs, weightData }: tf.io.ModelArtifacts): FusedModel {
  const topology = modelTopology as { model_config?: { config: KerasConfig }; config?: KerasConfig } | undefined;
  const config = topology?.model_config?.config ?? topology?.config;
  if (!config || !weightSpecs || !weightData) throw new Error('not a Keras functional model with its weights');
  const weights = tf.io.decodeWeights(weightData, weightSpecs);
  try {
    return fuseKeras(config, weights);
  } finally {
    tf.dispose(Object.values(weights));
  }
}
