import { expose, type Endpoint } from 'comlink';
import { describe, expect, it } from 'vitest';
import type { IndexOutcome } from '../../src/catalog/types';
import type { IndexRequest } from '../../src/imaging/index-file';
import { createImagingPool, type WorkerLike } from '../../src/indexer/pool';

/**
 * A stand-in imaging worker on a real MessageChannel with Comlink on both ends. File names
 * decide its fate: `crash*` kills it, `hang*` never answers, anything else succeeds.
 */
function fakeWorkers() {
  const spawned: { terminated: boolean }[] = [];
  /** Files in the order the workers took them: `index a.jpg`, `peek b.jpg`. */
  const served: string[] = [];
  const spawn = (): WorkerLike => {
    const { port1, port2 } = new MessageChannel();
    const crashListeners: ((m: string) => void)[] = [];
    const state = { terminated: false };
    spawned.push(state);
    expose(
      {
        async peekFile({ source }: IndexRequest): Promise<undefined> {
          served.push(`peek ${(source as File).name}`);
          await new Promise((r) => setTimeout(r, 2));
          return undefined;
        },
        async indexFile({ fileId, source }: IndexRequest): Promise<IndexOutcome> {
          const name = (source as File).name;
          served.push(`index ${name}`);
          if (name.startsWith('crash')) {
            setTimeout(() => crashListeners.forEach((l) => l('out of memory')), 5);
            return new Promise(() => undefined);
          }
          if (name.startsWith('hang')) return new Promise(() => undefined);
          return { kind: 'problem', fileId, status: 'unsupported', error: `ok ${name}` };
        },
      },
      port2 as unknown as Endpoint,
    );
    return {
      endpoint: port1 as unknown as Endpoint,
      onCrash: (l) => crashListeners.push(l),
      terminate: () => {
        state.terminated = true;
        port1.close();
        port2.close();
      },
    };
  };
  return { spawn, spawned, served };
}

// Node's MessageChannel cannot clone a File; the fake reads only the name.
const file = (name: string) => ({ name }) as unknown as File;

describe('imaging pool', () => {
  it('replaces a crashed worker, reports that file as failed, and carries on', async () => {
    const { spawn, spawned } = fakeWorkers();
    const pool = createImagingPool({ size: 2, spawn, timeoutMs: 5_000 });
    const results = await Promise.all(['a.jpg', 'crash.jpg', 'b.jpg', 'c.jpg', 'd.jpg'].map((n, i) => pool.run({ fileId: i, source: file(n) })));
    expect(results.map((r) => (r.kind === 'problem' ? r.status : r.kind))).toEqual(['unsupported', 'failed', 'unsupported', 'unsupported', 'unsupported']);
    expect(results[1]).toMatchObject({ error: expect.stringMatching(/worker stopped.*out of memory/) });
    expect(spawned).toHaveLength(3);
    expect(spawned.filter((s) => s.terminated)).toHaveLength(1);
    pool.terminate();
    expect(spawned.every((s) => s.terminated)).toBe(true);
  });

  it('takes files to index and files to peek in turn, so a round of peeks does not hold up the first photo', async () => {
    const { spawn, served } = fakeWorkers();
    const pool = createImagingPool({ size: 1, spawn, timeoutMs: 5_000 });
    const peeks = ['p1', 'p2', 'p3', 'p4', 'p5'].map((n, i) => pool.peek({ fileId: i, source: file(n) }));
    const runs = ['r1', 'r2'].map((n, i) => pool.run({ fileId: 10 + i, source: file(n) }));
    await Promise.all([...peeks, ...runs]);
    expect(served).toEqual(['peek p1', 'index r1', 'peek p2', 'index r2', 'peek p3', 'peek p4', 'peek p5']);
    pool.terminate();
  });

  it('abandons a file that hangs past the timeout and keeps the pool at full size', async () => {
    const { spawn, spawned } = fakeWorkers();
    const pool = createImagingPool({ size: 1, spawn, timeoutMs: 50 });
    const [hung, next] = await Promise.all([pool.run({ fileId: 1, source: file('hang.jpg') }), pool.run({ fileId: 2, source: file('fine.jpg') })]);
    expect(hung).toMatchObject({ status: 'failed', error: expect.stringMatching(/no answer/) });
    expect(next).toMatchObject({ error: 'ok fine.jpg' });
    expect(spawned).toHaveLength(2);
    pool.terminate();
  });
});
