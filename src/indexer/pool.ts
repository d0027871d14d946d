import { wrap, type Endpoint, type Remote } from 'comlink';
import type { IndexOutcome } from '../catalog/types';
import type { ImagingApi } from '../imaging/imaging-api';
import type { IndexRequest } from '../imaging/index-file';
import type { Peek } from '../imaging/peek';

/** What the pool needs of a worker: a Comlink endpoint, a way to hear it die, a way to end it. */
export interface WorkerLike {
  endpoint: Endpoint;
  onCrash(listener: (message: string) => void): void;
  terminate(): void;
}

interface Slot {
  worker: WorkerLike;
  api: Remote<ImagingApi>;
  /** Rejects when the worker dies (uncaught error, out of memory). */
  crashed: Promise<never>;
}

export interface ImagingPool {
  readonly size: number;
  run(request: IndexRequest): Promise<IndexOutcome>;
  /** A cheap first look (embedded thumbnail and date); undefined when there is none or it failed. */
  peek(request: IndexRequest): Promise<Peek | undefined>;
  terminate(): void;
}

type Lane = 'run' | 'peek';

export function spawnImagingWorker(): WorkerLike {
  const worker = new Worker(new URL('../../workers/imaging.worker.ts', import.meta.url), { type: 'module', name: 'imaging' });
  return {
    endpoint: worker,
    onCrash: (listener) => worker.addEventListener('error', (e) => listener(e.message || 'worker error')),
    terminate: () => worker.terminate(),
  };
}

function startSlot(spawn: () => WorkerLike): Slot {
  const worker = spawn();
  const crashed = new Promise<never>((_, reject) => worker.onCrash((message) => reject(new Error(message))));
  crashed.catch(() => undefined); // observed per task in run()
  const api = wrap<ImagingApi>(worker.endpoint);
  // Warmed (decoder, canvas, pica's wasm, encoders) before the first file comes; a worker without
  // `warm` just answers an error.
  api.warm().catch(() => undefined);
  return { worker, api, crashed };
}

/** One worker per core (capped at 4: beyond that they fight over memory bandwidth, not CPU). */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
}

export interface PoolOptions {
  size?: number;
  /** A file that takes longer than this is abandoned and its worker replaced. */
  timeoutMs?: number;
  spawn?: () => WorkerLike;
}

/**
 * A pool of imaging workers. A worker that crashes or hangs on a file is replaced, and that file
 * is reported as failed: one bad file never stalls the import.
 */
export function createImagingPool({ size = defaultPoolSize(), timeoutMs = 120_000, spawn = spawnImagingWorker }: PoolOptions = {}): ImagingPool {
  const idle: Slot[] = Array.from({ length: size }, () => startSlot(spawn));
  // Files to index and files to peek wait in lanes of their own, and a freed worker takes the
  // other lane's next file when both wait: a round of 64 peeks (the indexer asks for them in
  // rounds) does not hold up the first photo, nor a long index the embedded thumbnails.
  const waiting: Record<Lane, ((slot: Slot) => void)[]> = { run: [], peek: [] };
  let lastServed: Lane = 'peek';
  let closed = false;

  const acquire = (lane: Lane) =>
    new Promise<Slot>((resolve) => {
      const slot = idle.pop();
      if (slot) resolve(slot);
      else waiting[lane].push(resolve);
    });
  const release = (slot: Slot) => {
    const other: Lane = lastServed === 'run' ? 'peek' : 'run';
    const lane = waiting[other].length ? other : lastServed;
    const next = waiting[lane].shift();
    if (!next) return void idle.push(slot);
    lastServed = lane;
    next(slot);
  };

  /** Call the worker API on a free slot; a crash or hang replaces the worker and yields `onFail`. */
  async function call<T>(lane: Lane, work: (api: Remote<ImagingApi>) => Promise<T>, onFail: (reason: string) => T): Promise<T> {
    const slot = await acquire(lane);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    });
    try {
      const result = await Promise.race([work(slot.api), slot.crashed, timeout]);
      release(slot);
      return result;
    } catch (e) {
      slot.worker.terminate();
      if (!closed) release(startSlot(spawn));
      return onFail((e as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    size,
    run: (request) =>
      call(
        'run',
        (api) => api.indexFile(request),
        (reason): IndexOutcome => ({
          kind: 'problem',
          fileId: request.fileId,
          status: 'failed',
          error: `The image worker stopped while reading this file (${reason}); it may be too large or damaged.`,
        }),
      ),
    peek: (request) => call('peek', (api) => api.peekFile(request), () => undefined),
    terminate() {
      closed = true;
      for (const slot of idle.splice(0)) slot.worker.terminate();
    },
  };
}
