/// <reference types="vite/client" />

/**
 * The absolute address of a file the build ships (models/ship-models.ts: models, wasm): under the
 * app's base (Vite `base`: `/`, or a sub-path such as `/shoebox/`), resolved against this worker's
 * own address, so the app works wherever a static host serves it.
 */
export function shippedUrl(path: string): string {
  return new URL(`${import.meta.env.BASE_URL}${path}`, self.location.href).href;
}
