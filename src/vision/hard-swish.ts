import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from './backends';
import hardSwishWasm from './hard-swish.wat';

/**
 * MobileNetV3's hard swish, `x × relu6(x + 3) / 6`, is four operations in CenterNet's graph
 * (`Mul(1/6, x)`, `Add(x, 3)`, `Relu6`, `Mul`), each a pass of tfjs's wasm backend over the whole
 * activation, 20 of them a look. Here each is one node, `OP`, run on the wasm backend by one SIMD
 * pass over the backend's own memory (hard-swish.wat): the same operations in the same order, so
 * the same floats to the bit (tests/unit/hard-swish.test.ts). A look is 7–9 ms sooner in Node
 * (of 146–153) and about 3 ms in Chromium 156 (of 141–144; why Chromium gains less was not
 * measured). On any other backend, or where the backend's memory cannot be reached, the
 * graph is left as it ships.
 */
export const OP = 'ShoeboxHardSwish';

/** A node of a tfjs graph model's topology (model.json's `modelTopology.node`). */
export interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
}

interface Kernel {
  hardSwish(input: number, output: number, count: number, multiplier: number, addend: number): void;
}

/** One per backend memory: tfjs's wasm module is made once per worker. */
let compiled: { memory: WebAssembly.Memory; kernel: Kernel } | undefined;

/** The wasm backend's memory, if this build of it lets it be reached (the emscripten module's `asm.memory`). */
function backendMemory(backend: BackendWasm): WebAssembly.Memory | undefined {
  const memory = (backend.wasm as unknown as { asm?: { memory?: unknown } }).asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory : undefined;
}

function kernelFor(memory: WebAssembly.Memory): Kernel | undefined {
  if (compiled?.memory === memory) return compiled.kernel;
  try {
    if (!WebAssembly.validate(hardSwishWasm)) return undefined;
    const kernel = new WebAssembly.Instance(new WebAssembly.Module(hardSwishWasm), { env: { memory } }).exports as unknown as Kernel;
    compiled = { memory, kernel };
    return kernel;
  } catch {
    return undefined;
  }
}

/** A scalar tensor's value, read from the wasm backend's memory. */
function scalar(backend: BackendWasm, t: tf.TensorInfo): number {
  return backend.typedArrayFromHeap(t)[0] as number;
}

let registered = false;

/**
 * Make `OP` runnable on the backend in use; true when it runs there as one pass (the wasm backend,
 * its memory reachable, wasm SIMD present). Call before loading a graph model to be rewritten.
 */
export function registerHardSwish(): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  const backend = tf.backend() as BackendWasm;
  const memory = backendMemory(backend);
  if (!memory || !kernelFor(memory)) return false;
  if (!registered) {
    registered = true;
    tf.registerKernel({
      kernelName: OP,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend: used }) => {
        const wasm = used as BackendWasm;
        const { x, multiplier, addend } = inputs as Record<'x' | 'multiplier' | 'addend', tf.TensorInfo>;
        const memory = backendMemory(wasm);
        const kernel = memory && kernelFor(memory);
        if (!kernel) throw new Error('the hard swish kernel lost the wasm backend’s memory');
        const out = wasm.makeOutput(x.shape, 'float32');
        const offset = (t: tf.TensorInfo) => wasm.dataIdMap.get(t.dataId)?.memoryOffset as number;
        kernel.hardSwish(offset(x), offset(out), tf.util.sizeFromShape(x.shape), scalar(wasm, multiplier), scalar(wasm, addend));
        return out;
      },
    });
    // The graph's node. A backend without the kernel (the model was loaded on wasm, then another
    // backend chosen in the same worker) gets the graph's own four operations.
    tf.registerOp(OP, (node) => {
      const [x, multiplier, addend] = node.inputs as [tf.Tensor, tf.Tensor, tf.Tensor];
      if (tf.getBackend() === 'wasm') return tf.engine().runKernel(OP, { x, multiplier, addend }) as tf.Tensor;
      return tf.tidy(() => tf.mul(tf.mul(multiplier, x), tf.relu6(tf.add(x, addend))));
    });
  }
  return true;
}

/**
 * Rewrite each hard swish of a graph's topology (`Mul(Mul(m, x), Relu6(Add(x, a)))`, m and a
 * constants) into one `OP` node of inputs x, m, a; the nodes it replaces are left for the executor
 * to skip (nothing reads them). Returns how many were rewritten.
 */
export function fuseHardSwish(nodes: GraphNode[]): number {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const node = (input: string | undefined) => (input === undefined ? undefined : byName.get(input));
  const isConst = (input: string) => node(input)?.op === 'Const';
  let fused = 0;
  for (const out of nodes) {
    if (out.op !== 'Mul' || out.input?.length !== 2) continue;
    const [scaled, clipped] = out.input.map(node);
    if (scaled?.op !== 'Mul' || clipped?.op !== 'Relu6' || scaled.input?.length !== 2) continue;
    const multiplier = scaled.input.find(isConst);
    const x = scaled.input.find((i) => !isConst(i));
    const shifted = node(clipped.input?.[0]);
    if (!multiplier || !x || shifted?.op !== 'Add' || shifted.input?.length !== 2 || shifted.input[0] !== x) continue;
    const addend = shifted.input[1] as string;
    if (!isConst(addend)) continue;
    out.op = OP;
    out.input = [x, multiplier, addend];
    out.attr = {};
    fused++;
  }
  return fused;
}
