import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../../src/vision/backends';
import { pooledMean, registerPooledMean } from '../../src/vision/detector';
import { CENTERNET, SIMILAR } from '../../models/manifest';

beforeAll(async () => {
  setWasmPaths(`${process.cwd()}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`);
  await tf.setBackend('wasm');
  await tf.ready();
});

/** CenterNet as the app ships it: copied from its npm package at build time (models/manifest.ts). */
function centernet(): Promise<tf.GraphModel> {
  const dir = `${process.cwd()}/node_modules/${CENTERNET.source.package}/${CENTERNET.source.path}/`;
  const json = JSON.parse(readFileSync(dir + CENTERNET.file, 'utf8')) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[]; format: string };
  const bin = readFileSync(dir + (CENTERNET.weights[0] as string));
  return tf.loadGraphModel({ load: async () => ({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]?.weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer, format: json.format }) });
}

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
