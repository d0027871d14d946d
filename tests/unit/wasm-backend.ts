import { beforeAll } from 'vitest';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../../src/vision/backends';

/** The test file's models run on tfjs's wasm backend, as the app's vision worker runs them here, from the binaries in node_modules. */
export function useWasmBackend(): void {
  beforeAll(async () => {
    setWasmPaths(`${process.cwd()}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`);
    await tf.setBackend('wasm');
    await tf.ready();
  });
}
