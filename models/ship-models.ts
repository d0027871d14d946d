import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { FACE_NETS, MODELS, TFJS_WASM } from './manifest.ts';
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
  return {
    name: 'shoebox-ship-models',
    buildStart() {
      for (const f of files) if (!existsSync(f.from)) this.error(`Model file missing: ${f.from} (run npm install)`);
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = files.find((f) => req.url?.split('?')[0] === `/${f.url}`);
        if (!file) return next();
        res.setHeader('content-type', TYPES[file.url.split('.').pop() ?? ''] ?? 'application/octet-stream');
        createReadStream(file.from).pipe(res);
      });
    },
    generateBundle() {
      for (const f of files) this.emitFile({ type: 'asset', fileName: f.url, source: readFileSync(f.from) });
    },
  };
}
