import { readFileSync } from 'node:fs';
import { tf } from '../../src/vision/backends';
import { FACE_NETS } from '../../models/manifest';

/** The weights of one of face-api’s networks as the app ships them (copied from its npm package, models/manifest.ts). */
function faceNetWeights(name: string): never {
  const spec = FACE_NETS.find((n) => n.name === name);
  if (!spec) throw new Error(`${name} is not in the manifest`);
  const dir = `${process.cwd()}/node_modules/${spec.source.package}/${spec.source.path}/`;
  const manifest = JSON.parse(readFileSync(`${dir}${spec.name}-weights_manifest.json`, 'utf8')) as { weights: tf.io.WeightsManifestEntry[] }[];
  const bin = readFileSync(`${dir}${spec.name}.bin`);
  return tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer, manifest.flatMap((m) => m.weights)) as never;
}

/** `net` (a face-api network, new) with those weights. */
export function loadedFaceNet<T extends { loadFromWeightMap(weights: never): void }>(net: T, name: string): T {
  net.loadFromWeightMap(faceNetWeights(name));
  return net;
}
