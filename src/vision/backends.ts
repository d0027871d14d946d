import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

import type { BackendName, BackendReport } from './types';

export type { BackendName, BackendReport };
export const LADDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/**
 * Whether a backend is worth trying here, before initialising it. A software GPU (SwiftShader)
 * is 10–60× slower than single-threaded wasm on this kind of machine (docs/PLATFORM.md), so it is
 * passed over unless pinned. tfjs registers webgpu whenever `navigator.gpu` exists, even with no
 * adapter: the adapter is asked for here first.
 */
async function capable(name: BackendName, pinned: boolean): Promise<string | undefined> {
  if (name === 'webgpu') {
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (!gpu) return 'WebGPU is not available';
    const adapter = (await gpu.requestAdapter()) as { info?: { isFallbackAdapter?: boolean } } | null;
    if (!adapter) return 'no WebGPU adapter';
    if (adapter.info?.isFallbackAdapter && !pinned) return 'WebGPU adapter is software (slower than wasm)';
  }
  if (name === 'webgl') {
    if (typeof OffscreenCanvas === 'undefined') return 'no OffscreenCanvas for WebGL in a worker';
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return 'WebGL2 is not available';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    if (/swiftshader|llvmpipe|software/i.test(renderer) && !pinned) return `WebGL renders in software (${renderer.split('(')[0]?.trim()}), slower than wasm`;
  }
  return undefined;
}

/**
 * A tiny computation with a known answer: a backend that gets it wrong is not used. Read back
 * asynchronously: WebGPU cannot read a buffer synchronously (its dataSync answer is not to be trusted).
 */
async function knownAnswer(): Promise<boolean> {
  const result = tf.tidy(() => tf.relu(tf.matMul(tf.tensor2d([[1, 2], [3, -4]]), tf.tensor2d([[5], [6]]))));
  const got = await result.data();
  result.dispose();
  return got.length === 2 && Math.abs((got[0] as number) - 17) < 1e-3 && Math.abs(got[1] as number) < 1e-3;
}

/** Pick the first backend that is capable, initialises and answers right; a pinned one is tried first. */
export async function chooseBackend(pin: BackendName | undefined, wasmPath: string): Promise<BackendReport> {
  setWasmPaths(wasmPath);
  const notes: string[] = [];
  const order = pin ? [pin, ...LADDER.filter((b) => b !== pin)] : LADDER;
  for (const name of order) {
    const why = await capable(name, name === pin);
    if (why) {
      notes.push(`${name}: ${why}`);
      continue;
    }
    try {
      if (!(await tf.setBackend(name))) throw new Error('did not initialise');
      await tf.ready();
      if (!(await knownAnswer())) throw new Error('failed the known-answer check');
      notes.push(`${name}: runs${name === pin ? ' (pinned)' : ''}`);
      return { name, notes };
    } catch (e) {
      notes.push(`${name}: ${(e as Error).message}`);
    }
  }
  throw new Error(`No tfjs backend works here (${notes.join('; ')})`);
}

export { tf };
