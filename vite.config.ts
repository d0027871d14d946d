import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';
import wabt from 'wabt';
import { shipDemo } from './models/ship-demo.ts';
import { shipModels, shipTables } from './models/ship-models.ts';

/** Injected into the bundle so a new deployment is a new service worker (tests build two). */
const BUILD_ID = process.env.SHOEBOX_BUILD_ID ?? new Date().toISOString();

/**
 * The browser enforces "nothing leaves the device": no request, script, image or worker from
 * anywhere but the app. wasm (tfjs, pica) needs 'wasm-unsafe-eval', never 'unsafe-eval'; tiles
 * are blob: images; videos play from blob: URLs of the folder's own files; inline styles are
 * Solid's `style` attributes.
 */
export const CSP = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * The policy in the built app: a <meta> for the page, and `_headers` (Netlify and Cloudflare Pages
 * format) for hosts that read it: workers and the service worker take their policy from their own
 * response headers, never from the page's <meta>. `vite preview` sends the header too.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'shoebox-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: `# Shoebox's Content-Security-Policy, for every file (workers need it as a header).\n/*\n  Content-Security-Policy: ${CSP}\n` });
    },
  };
}

/**
 * `import bytes from './x.wat'`: the WebAssembly text compiled at build time (wabt, SIMD on) into
 * the module's bytes, inlined (a few hundred bytes; nothing fetched). For the page, the workers
 * and the unit tests alike.
 */
function watModules(): Plugin {
  return {
    name: 'shoebox-wat',
    async load(id) {
      if (!id.endsWith('.wat')) return null;
      const parsed = (await wabt()).parseWat(id, readFileSync(id, 'utf8'), { simd: true });
      try {
        parsed.validate();
        const { buffer } = parsed.toBinary({});
        return `export default Uint8Array.from(atob(${JSON.stringify(Buffer.from(buffer).toString('base64'))}), (c) => c.charCodeAt(0));`;
      } finally {
        parsed.destroy();
      }
    },
  };
}

/**
 * Unit test files that need a tfjs no other file has touched (`test.projects` below): graph-mean
 * compares CenterNet as shipped with its means pooled, and the pooling, once registered (as
 * loading the detector does, in hard-swish.test.ts), is tfjs's for the rest of the process.
 */
const FRESH_TFJS_FILES = ['tests/unit/graph-mean.test.ts'];

export default defineConfig({
  define: { __SHOEBOX_BUILD__: JSON.stringify(BUILD_ID) },
  plugins: [
    solid(),
    watModules(),
    contentSecurityPolicy(),
    shipModels(),
    shipTables(),
    shipDemo(),
    VitePWA({
      strategies: 'generateSW',
      // Never 'autoUpdate': a new version waits until the person reloads (not mid-import).
      registerType: 'prompt',
      // Registered by src/app/pwa.ts through workbox-window, so the page controls the update.
      injectRegister: false,
      // start_url and scope are left to the plugin: Vite's `base` (the app may live in a sub-path),
      // and the icons are relative to the manifest, which sits there too.
      manifest: {
        name: 'Shoebox — your photos, in your browser',
        short_name: 'Shoebox',
        description: 'A private photo library that runs entirely in your browser: no server, no upload.',
        display: 'standalone',
        background_color: '#14171f',
        theme_color: '#1d2330',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        screenshots: [
          { src: 'screenshots/library.png', sizes: '1280x800', type: 'image/png', form_factor: 'wide', label: 'The library, month by month' },
          { src: 'screenshots/viewer.png', sizes: '1280x800', type: 'image/png', form_factor: 'wide', label: 'A photo with its details' },
        ],
      },
      workbox: {
        // The app shell, its workers, icons, the demo library and the models: everything to run
        // and to index offline after the first visit.
        globPatterns: ['**/*.{js,mjs,css,html,svg,png,webp,jpg,json,bin,wasm,webmanifest,txt}'],
        globIgnores: ['**/*.map'],
        // Model weights (vision) are several MB each: precache them rather than fail the build.
        maximumFileSizeToCacheInBytes: 48 * 1024 * 1024,
        navigateFallback: 'index.html',
        // A model or wasm URL must never be answered with the app's HTML (under any base).
        navigateFallbackDenylist: [/\/models\//, /\.wasm$/, /\.bin$/, /\.json$/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
      },
    }),
  ],
  build: { target: 'es2022', sourcemap: true },
  // Workers use code splitting and dynamic import(), which need ES module workers.
  worker: { format: 'es', plugins: () => [shipTables(), watModules()] },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: { 'Content-Security-Policy': CSP } },
  test: {
    // Which files: each project's own (below); a root `include` would be added to each project's.
    environment: 'node',
    // A `.only` fails the run instead of silently skipping every other test (as in CI mode).
    allowOnly: false,
    // Vitest's default leaves one core free: on these two cores that ran the files one after
    // another (89 s); two at a time take 52 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        // The files of a worker share their imported modules (Dexie, tfjs, the app's), imported
        // once rather than once per file: about 40 s less on these two cores. Each file still
        // gets its own IndexedDB and Node's own navigator (tests/unit/setup-file.ts); what tfjs
        // registers is shared, so a file that needs tfjs as shipped is in FRESH_TFJS_FILES.
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], exclude: FRESH_TFJS_FILES, isolate: false, setupFiles: ['tests/unit/setup-file.ts'] },
      },
      { extends: true, test: { name: 'fresh-tfjs', include: FRESH_TFJS_FILES } },
    ],
  },
});
