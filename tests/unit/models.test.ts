import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nsfwFiles, shippedFiles } from '../../models/ship-models';
import { CENTERNET, FACE_NETS, NSFW_MOBILENET_V2, TFJS_WASM } from '../../models/manifest';

const installed = (pkg: string) => JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8')).version;

describe('model manifest', () => {
  it('names the versions that are installed, so a package upgrade cannot slip in unnoticed', () => {
    for (const spec of [CENTERNET, NSFW_MOBILENET_V2, TFJS_WASM, ...FACE_NETS]) expect([spec.source.package, installed(spec.source.package)]).toEqual([spec.source.package, spec.source.version]);
  });
  it('points at files that exist in those packages', () => {
    for (const file of [CENTERNET.file, ...CENTERNET.weights]) expect(existsSync(`node_modules/${CENTERNET.source.package}/${CENTERNET.source.path}/${file}`)).toBe(true);
    for (const file of TFJS_WASM.files) expect(existsSync(`node_modules/${TFJS_WASM.source.package}/${TFJS_WASM.source.path}/${file}`)).toBe(true);
    expect(existsSync(`node_modules/${NSFW_MOBILENET_V2.source.package}/${NSFW_MOBILENET_V2.source.path}`)).toBe(true);
  });
  it('ships every face network with the one weights shard its manifest names', () => {
    for (const net of FACE_NETS) {
      const manifest = JSON.parse(readFileSync(`node_modules/${net.source.package}/${net.source.path}/${net.name}-weights_manifest.json`, 'utf8'));
      expect(manifest.flatMap((group: { paths: string[] }) => group.paths)).toEqual([`${net.name}.bin`]);
    }
    const urls = shippedFiles().map((f) => f.url);
    expect(urls).toContain('models/face/face_recognition_model.bin');
    for (const f of shippedFiles()) expect(existsSync(f.from)).toBe(true);
  });
  it('CenterNet’s input and 80 labels are what the detector assumes', () => {
    expect(CENTERNET.input).toMatchObject({ width: 512, height: 512, name: 'tower_0/images' });
    expect(CENTERNET.labels).toHaveLength(80);
    const graph = JSON.parse(readFileSync(`node_modules/${CENTERNET.source.package}/${CENTERNET.source.path}/${CENTERNET.file}`, 'utf8'));
    expect(Object.keys(graph.signature.inputs)).toEqual([CENTERNET.input.name]);
  });
  it('turns nsfwjs’s base64 modules into a model.json and exactly the bytes its weights need', () => {
    const [json, bin] = nsfwFiles();
    expect([json?.url, bin?.url]).toEqual([`models/${NSFW_MOBILENET_V2.file}`, `models/${NSFW_MOBILENET_V2.weights}`]);
    const model = JSON.parse(String(json?.source())) as { format: string; weightsManifest: { paths: string[]; weights: { shape: number[]; dtype: string; quantization?: { dtype: string } }[] }[] };
    expect(model.format).toBe('layers-model');
    expect(model.weightsManifest.flatMap((g) => g.paths)).toEqual([NSFW_MOBILENET_V2.weights.split('/').pop()]);
    // Quantised weights take one byte per number (uint8), others four (float32).
    const bytes = model.weightsManifest[0]?.weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1) * (w.quantization?.dtype === 'uint8' ? 1 : 4), 0);
    expect(bin?.source().length).toBe(bytes);
  });
});
