import { describe, expect, it } from 'vitest';
import { tf } from '../../src/vision/backends';
import { decodeHeads, PEAK_FLOOR, pooledMean, registerPooledMean } from '../../src/vision/detector';
import { CENTERNET_HEADS, SIMILAR } from '../../models/manifest';
import { centernetFiles, letterboxedSample } from './centernet-files';
import { useWasmBackend } from './wasm-backend';

useWasmBackend();

const centernet = () => tf.loadGraphModel(centernetFiles());

describe('a mean over height and width as one average pool', () => {
  it('gives the mean, kept as [b, 1, 1, c] or not; any other mean is tfjs’s own', async () => {
    const x = tf.randomUniform([2, 5, 7, 3], -2, 2, 'float32', 3);
    const node = (axes: number[], keep: boolean) => ({ inputs: [x, tf.tensor1d(axes, 'int32')], attrs: { keep_dims: keep } });
    for (const [axes, keep] of [[[1, 2], true], [[2, 1], false], [[-3, -2], true], [[3], false], [[1], true]] as const) {
      const got = pooledMean(node([...axes], keep));
      const want = tf.mean(x, [...axes], keep);
      expect(got.shape).toEqual(want.shape);
      const [g, w] = [await got.data(), await want.data()];
      g.forEach((v, i) => expect(v).toBeCloseTo(w[i] as number, 5));
      tf.dispose([got, want]);
    }
    x.dispose();
  });

  it('leaves CenterNet’s detections and its pooled features as they were', async () => {
    const reference = await centernet();
    registerPooledMean();
    const pooled = await centernet();
    const picture = tf.randomUniform([1, 512, 512, 3], 0, 255, 'float32', 11);
    const outputs = ['tower_0/detections', SIMILAR.node];
    const [want, got] = [reference, pooled].map((m) => m.execute(picture, outputs) as tf.Tensor[]) as [tf.Tensor[], tf.Tensor[]];
    // The model loaded after the registration pools: no Mean kernel runs, nine average pools do.
    const kernels = async (m: tf.GraphModel) => (await tf.profile(() => tf.dispose(m.execute(picture, outputs)))).kernels.map((k) => k.name);
    expect((await kernels(reference)).filter((k) => k === 'Mean')).toHaveLength(9);
    const used = await kernels(pooled);
    expect([used.filter((k) => k === 'Mean').length, used.filter((k) => k === 'AvgPool').length]).toEqual([0, 9]);
    const [wantRows, gotRows] = [await (want[0] as tf.Tensor).data(), await (got[0] as tf.Tensor).data()];
    // Rows of [x1, y1, x2, y2, score, class]: boxes within a hundredth of a pixel, scores and classes the same.
    for (let i = 0; i < wantRows.length; i++) expect(Math.abs((gotRows[i] as number) - (wantRows[i] as number))).toBeLessThan(i % 6 < 4 ? 0.01 : 1e-4);
    const [wantFeatures, gotFeatures] = [await (want[1] as tf.Tensor).data(), await (got[1] as tf.Tensor).data()];
    wantFeatures.forEach((v, i) => expect(gotFeatures[i]).toBeCloseTo(v, 4));
    tf.dispose([...want, ...got, picture]);
    reference.dispose();
    pooled.dispose();
  });
});

describe('CenterNet’s detections read from its two heads', () => {
  it('finds each class’s local maxima over the floor, best first, boxes from the size head', () => {
    // A 3 × 4 grid of 2 classes. Class 0 peaks at (x 1, y 0) 0.9 and (x 3, y 2) 0.5 (0.95 at
    // (x 3, y 1) is class 1's and does not mask it); 0.6 at (x 2, y 0) sits beside the 0.9.
    const heatmap = new Float32Array(3 * 4 * 2);
    const set = (x: number, y: number, c: number, v: number) => (heatmap[(y * 4 + x) * 2 + c] = v);
    set(1, 0, 0, 0.9);
    set(2, 0, 0, 0.6);
    set(3, 2, 0, 0.5);
    set(3, 1, 1, 0.95);
    set(0, 2, 1, 0.05);
    const sizes = new Float32Array(3 * 4 * 4).map((_, i) => (i % 4) + 1);
    expect(decodeHeads(heatmap, sizes, [3, 4, 2])).toEqual([
      [12 - 1, 4 - 2, 12 + 3, 4 + 4, expect.closeTo(0.95, 6), 1],
      [4 - 1, 0 - 2, 4 + 3, 0 + 4, expect.closeTo(0.9, 6), 0],
      [12 - 1, 8 - 2, 12 + 3, 8 + 4, expect.closeTo(0.5, 6), 0],
    ]);
    expect(decodeHeads(heatmap, sizes, [3, 4, 2], 0.01).map((r) => r[4])).toHaveLength(4);
    expect(decodeHeads(heatmap, sizes, [3, 4, 2], PEAK_FLOOR, 2)).toHaveLength(2);
  });

  it('gives the graph’s own detections on a real photo, from the floor up', async () => {
    registerPooledMean();
    const model = await centernet();
    const picture = letterboxedSample();
    const [detections, heatmap, sizes] = model.execute(picture, ['tower_0/detections', CENTERNET_HEADS.heatmap, CENTERNET_HEADS.sizes]) as tf.Tensor[] as [tf.Tensor, tf.Tensor4D, tf.Tensor4D];
    const want = ((await detections.array()) as number[][][])[0]?.filter((r) => (r[4] as number) >= PEAK_FLOOR) ?? [];
    const [, h, w, c] = heatmap.shape;
    const got = decodeHeads((await heatmap.data()) as Float32Array, (await sizes.data()) as Float32Array, [h, w, c]);
    expect(want.length).toBeGreaterThan(3);
    expect(got).toHaveLength(want.length);
    got.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - (want[i]?.[j] as number))).toBeLessThan(1e-3)));
    tf.dispose([picture, detections, heatmap, sizes]);
    model.dispose();
  });
});
