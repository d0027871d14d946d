import { VitePWA } from 'vite-plugin-pwa';
import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';
import { shipModels, shipTables } from './models/ship-models.ts';

/** Injected into the bundle so a new deployment is a new service worker (tests build two). */
const BUILD_ID = process.env.SHOEBOX_BUILD_ID ?? new Date().toISOString();

export default defineConfig({
  define: { __SHOEBOX_BUILD__: JSON.stringify(BUILD_ID) },
  plugins: [
    solid(),
    shipModels(),
    shipTables(),
    VitePWA({
      strategies: 'generateSW',
      // Never 'autoUpdate': a new version waits until the person reloads (not mid-import).
      registerType: 'prompt',
      // Registered by src/app/pwa.ts through workbox-window, so the page controls the update.
      injectRegister: false,
      manifest: {
        id: '/',
        name: 'Shoebox — your photos, in your browser',
        short_name: 'Shoebox',
        description: 'A private photo library that runs entirely in your browser: no server, no upload.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#14171f',
        theme_color: '#1d2330',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        screenshots: [
          { src: '/screenshots/library.png', sizes: '1280x800', type: 'image/png', form_factor: 'wide', label: 'The library, month by month' },
          { src: '/screenshots/viewer.png', sizes: '1280x800', type: 'image/png', form_factor: 'wide', label: 'A photo with its details' },
        ],
      },
      workbox: {
        // The app shell, its workers, icons, the demo library and the models: everything to run
        // and to index offline after the first visit.
        globPatterns: ['**/*.{js,css,html,svg,png,webp,jpg,json,bin,wasm,webmanifest}'],
        globIgnores: ['**/*.map'],
        // Model weights (vision) are several MB each: precache them rather than fail the build.
        maximumFileSizeToCacheInBytes: 48 * 1024 * 1024,
        navigateFallback: 'index.html',
        // A model or wasm URL must never be answered with the app's HTML.
        navigateFallbackDenylist: [/^\/models\//, /\.wasm$/, /\.bin$/, /\.json$/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
      },
    }),
  ],
  build: { target: 'es2022', sourcemap: true },
  // Workers use code splitting and dynamic import(), which need ES module workers.
  worker: { format: 'es', plugins: () => [shipTables()] },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // A `.only` fails the run instead of silently skipping every other test (as in CI mode).
    allowOnly: false,
  },
});
