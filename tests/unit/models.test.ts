import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CENTERNET, NSFW_MOBILENET_V2, TFJS_WASM } from '../../models/manifest';

const installed = (pkg: string) => JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8')).version;

describe('model manifest', () => {
  it('names the versions that are installed, so a package upgrade cannot slip in unnoticed', () => {
    for (const spec of [CENTERNET, NSFW_MOBILENET_V2, TFJS_WASM]) expect([spec.source.package, installed(spec.source.package)]).toEqual([spec.source.package, spec.source.version]);
  });
  it('points at files that exist in those packages', () => {
    for (const file of [CENTERNET.file, ...CENTERNET.weights]) expect(existsSync(`node_modules/${CENTERNET.source.package}/${CENTERNET.source.path}/${file}`)).toBe(true);
    for (const file of TFJS_WASM.files) expect(existsSync(`node_modules/${TFJS_WASM.source.package}/${TFJS_WASM.source.path}/${file}`)).toBe(true);
    expect(existsSync(`node_modules/${NSFW_MOBILENET_V2.source.package}/${NSFW_MOBILENET_V2.source.path}`)).toBe(true);
  });
  it('CenterNet’s input and 80 labels are what the detector assumes', () => {
    expect(CENTERNET.input).toMatchObject({ width: 512, height: 512, name: 'tower_0/images' });
    expect(CENTERNET.labels).toHaveLength(80);
    const graph = JSON.parse(readFileSync(`node_modules/${CENTERNET.source.package}/${CENTERNET.source.path}/${CENTERNET.file}`, 'utf8'));
    expect(Object.keys(graph.signature.inputs)).toEqual([CENTERNET.input.name]);
  });
});
