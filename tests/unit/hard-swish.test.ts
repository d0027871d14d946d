import { describe, expect, it } from 'vitest';
import { tf } from '../../src/vision/backends';
import { fuseHardSwish, OP, registerHardSwish, type GraphNode } from '../../src/vision/hard-swish';
import { loadCenterNet } from '../../src/vision/detector';
import { CENTERNET_HEADS, SIMILAR } from '../../models/manifest';
import { centernetFiles, letterboxedSample } from './centernet-files';
import { useWasmBackend } from './wasm-backend';

useWasmBackend();

/** The graph's 1/6 as its float16 weight holds it (0.16662598), and its 3. */
const [SIXTH, THREE] = [0.16662598, 3];

/** A graph of one hard swish as CenterNet writes it, `Mul(Mul(m, x), Relu6(Add(x, a)))`, with m and a as weights. */
function hardSwishGraph(): tf.io.ModelArtifacts {
  const node = (name: string, op: string, input: string[] = [], attr: Record<string, unknown> = {}): GraphNode => ({ name, op, input, attr });
  const f32 = { type: { type: 'DT_FLOAT' } };
  return {
    format: 'graph-model',
    modelTopology: {
      node: [
        node('x', 'Placeholder', [], { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }] } } }),
        node('m', 'Const', [], { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: {} } } }),
        node('a', 'Const', [], { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: {} } } }),
        node('scaled', 'Mul', ['m', 'x'], { T: f32 }),
        node('shifted', 'Add', ['x', 'a'], { T: f32 }),
        node('clipped', 'Relu6', ['shifted'], { T: f32 }),
        node('out', 'Mul', ['scaled', 'clipped'], { T: f32 }),
      ],
      versions: { producer: 1 },
    },
    weightSpecs: [{ name: 'm', shape: [], dtype: 'float32' }, { name: 'a', shape: [], dtype: 'float32' }],
    weightData: new Float32Array([SIXTH, THREE]).buffer,
  };
}

const artifacts = (fused: boolean): tf.io.ModelArtifacts => {
  const graph = hardSwishGraph();
  if (fused) expect(fuseHardSwish((graph.modelTopology as { node: GraphNode[] }).node)).toBe(1);
  return graph;
};

/** Where two arrays of floats first differ (-1: nowhere); a diff of a million values would take the test runner minutes. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** Values on every side of the swish's bends (−3 and 3), an odd count so the last few go one by one. */
const values = Float32Array.from({ length: 4 * 25 + 3 }, (_, i) => -7 + i * 0.137);

describe('the hard swish in one pass (wasm SIMD on the backend’s memory)', () => {
  it('gives the graph’s four operations to the bit, on wasm and, rewritten, on another backend', async () => {
    expect(registerHardSwish()).toBe(true);
    const run = async (fused: boolean) => {
      const model = await tf.loadGraphModel({ load: async () => artifacts(fused) });
      const x = tf.tensor1d(values);
      const out = model.execute(x, 'out') as tf.Tensor;
      const [data, kernels] = [await out.data(), (await tf.profile(() => tf.dispose(model.execute(x, 'out')))).kernels.map((k) => k.name)];
      tf.dispose([x, out]);
      model.dispose();
      return { data, kernels };
    };
    const [shipped, fused] = [await run(false), await run(true)];
    expect(fused.kernels).toEqual([OP]);
    expect(shipped.kernels.filter((k) => !k.endsWith('__op'))).toEqual(['Multiply', 'Add', 'Relu6', 'Multiply']);
    expect(firstDifference(fused.data, shipped.data)).toBe(-1);
    // A picked backend without the kernel runs the graph's own operations.
    await tf.setBackend('cpu');
    try {
      expect(registerHardSwish()).toBe(false);
      const [cpuShipped, cpuFused] = [await run(false), await run(true)];
      expect(cpuFused.kernels).not.toContain(OP);
      expect(firstDifference(cpuFused.data, cpuShipped.data)).toBe(-1);
    } finally {
      await tf.setBackend('wasm');
    }
  });

  it('leaves anything that is not a hard swish as it is', () => {
    const graph = hardSwishGraph();
    const nodes = (graph.modelTopology as { node: GraphNode[] }).node;
    // Added to another value than the one scaled: not a swish of x.
    (nodes[4] as GraphNode).input = ['m', 'a'];
    expect(fuseHardSwish(nodes)).toBe(0);
    expect(nodes.map((n) => n.op)).not.toContain(OP);
  });
});

describe('CenterNet with its hard swishes in one pass', () => {
  it('gives the heatmap, the sizes and the features of the model as shipped, to the bit, with 20 passes instead of 80', async () => {
    const { model: fused, hardSwishes } = await loadCenterNet(centernetFiles());
    expect(hardSwishes).toBe(20);
    const shipped = await tf.loadGraphModel(centernetFiles());
    const picture = letterboxedSample();
    const outputs = [CENTERNET_HEADS.heatmap, CENTERNET_HEADS.sizes, SIMILAR.node];
    const [want, got] = [shipped, fused].map((m) => m.execute(picture, outputs) as tf.Tensor[]) as [tf.Tensor[], tf.Tensor[]];
    for (const [i, t] of want.entries()) expect(firstDifference(await (got[i] as tf.Tensor).data(), await t.data())).toBe(-1);
    const kernels = async (m: tf.GraphModel) => (await tf.profile(() => tf.dispose(m.execute(picture, outputs)))).kernels.map((k) => k.name);
    const [before, after] = [await kernels(shipped), await kernels(fused)];
    const count = (list: string[], name: string) => list.filter((k) => k === name).length;
    expect(count(after, OP)).toBe(20);
    expect(count(before, 'Relu6') - count(after, 'Relu6')).toBe(20);
    expect(before.length - after.length).toBeGreaterThanOrEqual(3 * 20);
    tf.dispose([picture, ...want, ...got]);
    fused.dispose();
    shipped.dispose();
  });
});
