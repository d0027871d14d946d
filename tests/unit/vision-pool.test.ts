import { describe, expect, it } from 'vitest';
import { Vision, visionWorkers, type VisionWorker } from '../../src/indexer/vision';
import type { BackendName } from '../../src/vision/types';

/** A stand-in vision worker: answers each photo when the test lets it, and remembers what it was asked. */
interface Fake extends VisionWorker {
  pin: BackendName | undefined;
  analysed: number;
  terminated: boolean;
  /** Answer every photo waiting here. */
  release(): void;
}

function pool({ failInit = (_n: number): boolean => false, chosen = 'wasm' as BackendName } = {}) {
  const made: Fake[] = [];
  const spawn = (): VisionWorker => {
    const index = made.length;
    const waiting: (() => void)[] = [];
    // Each worker takes its own time a photo: 10 ms in the first, 20 in the second…
    const times: number[] = [];
    const fake: Fake = {
      pin: undefined,
      analysed: 0,
      terminated: false,
      release: () => waiting.splice(0).forEach((answer) => answer()),
      terminate: () => void (fake.terminated = true),
      api: {
        init: (async (pin?: BackendName) => {
          fake.pin = pin;
          if (failInit(index)) throw new Error('out of memory');
          return { name: pin ?? chosen, notes: [] };
        }) as unknown as VisionWorker['api']['init'],
        analyse: (async () => {
          fake.analysed++;
          await new Promise<void>((answer) => waiting.push(answer));
          times.push(10 * (index + 1));
          return { labels: [{ name: `from worker ${index}`, score: 1 }] };
        }) as unknown as VisionWorker['api']['analyse'],
        stats: (async () => ({ backend: chosen, notes: [`worker ${index}`], tensors: index, times: times.length ? { centernet: [...times] } : {} })) as unknown as VisionWorker['api']['stats'],
      },
    };
    made.push(fake);
    return fake;
  };
  return { made, spawn };
}

const tile = new Blob(['tile']);
const settle = () => new Promise((done) => setTimeout(done, 0));

/** A pool of up to `most` workers, widened for an import, its workers started. */
async function widened(most: number, linger?: number, options?: Parameters<typeof pool>[0]) {
  const { made, spawn } = pool(options);
  const vision = new Vision(undefined, spawn, most, linger);
  vision.widen();
  await settle();
  await settle();
  return { made, vision };
}

describe('the vision workers (src/indexer/vision.ts)', () => {
  it('has one vision worker per core, up to three', () => {
    expect([1, 2, 3, 4, 16].map((cores) => visionWorkers(cores))).toEqual([1, 2, 3, 3, 3]);
  });

  it('runs one worker until an import is long, then more, on the first one’s backend, each photo to the least busy', async () => {
    const { made, spawn } = pool({ chosen: 'wasm' });
    const vision = new Vision(undefined, spawn, 2);
    const first = vision.analyse(tile);
    await settle();
    expect(made).toHaveLength(1);
    made[0]?.release();
    expect((await first)?.labels[0]?.name).toBe('from worker 0');

    vision.widen();
    await settle();
    expect(vision.size).toBe(2);
    // Not pinned by the person: the second takes the backend the first chose, so labels agree.
    expect(made[1]?.pin).toBe('wasm');
    await settle();
    const answers = [vision.analyse(tile), vision.analyse(tile), vision.analyse(tile), vision.analyse(tile)];
    await settle();
    expect([made[0]?.analysed, made[1]?.analysed]).toEqual([3, 2]);
    made.forEach((f) => f.release());
    const labels = (await Promise.all(answers)).map((a) => a?.labels[0]?.name);
    expect(new Set(labels)).toEqual(new Set(['from worker 0', 'from worker 1']));
  });

  it('narrows to one worker after the import, the others stopping once their photos are answered', async () => {
    const { made, vision } = await widened(3, 60);
    expect(vision.size).toBe(3);
    const held = [vision.analyse(tile), vision.analyse(tile), vision.analyse(tile)];
    await settle();
    expect(made.map((f) => f.analysed)).toEqual([1, 1, 1]);
    vision.narrow();
    // They linger a moment (a next import would use them again)…
    expect(vision.size).toBe(3);
    await new Promise((done) => setTimeout(done, 120));
    expect(vision.size).toBe(1);
    // Still answering: not stopped mid-photo.
    expect(made.map((f) => f.terminated)).toEqual([false, false, false]);
    made.forEach((f) => f.release());
    await Promise.all(held);
    await new Promise((done) => setTimeout(done, 120));
    expect(made.map((f) => f.terminated)).toEqual([false, true, true]);
    // Widened again within the moment: kept.
    vision.widen();
    await settle();
    await settle();
    expect(vision.size).toBe(3);
    vision.narrow();
    vision.widen();
    await new Promise((done) => setTimeout(done, 120));
    expect(vision.size).toBe(3);
    // A widen whose first worker starts only after the narrow (a short import) adds none.
    const late = new Vision(undefined, pool().spawn, 3, 0);
    late.widen();
    late.narrow();
    await settle();
    await settle();
    expect(late.size).toBe(1);
  });

  it("reports every worker's analysis times together, those stopped after an import included, until another backend is picked", async () => {
    const { made, vision } = await widened(2, 0);
    const answers = [vision.analyse(tile), vision.analyse(tile), vision.analyse(tile)];
    await settle();
    expect(made.map((f) => f.analysed)).toEqual([2, 1]);
    made.forEach((f) => f.release());
    await Promise.all(answers);
    const centernet = async () => (await vision.report()).timings?.centernet;
    expect(await centernet()).toEqual({ median: 10, p95: 20, count: 3 });
    // The first worker's notes and tensors (the one every import uses).
    expect(await vision.report()).toMatchObject({ tensors: 0, backend: { notes: ['worker 0'] } });
    vision.narrow();
    await new Promise((done) => setTimeout(done, 20));
    expect([vision.size, made[1]?.terminated]).toEqual([1, true]);
    expect(await centernet()).toEqual({ median: 10, p95: 20, count: 3 });
    vision.repin('cpu');
    expect(await centernet()).toBeUndefined();
  });

  it('drops a worker that cannot start; the photos go to the ones that did', async () => {
    const { made, vision } = await widened(2, undefined, { failInit: (n) => n === 1 });
    expect(made).toHaveLength(2);
    expect(made[1]?.terminated).toBe(true);
    expect(vision.size).toBe(1);
    const answer = vision.analyse(tile);
    await settle();
    made[0]?.release();
    expect((await answer)?.labels[0]?.name).toBe('from worker 0');
  });

  it('restarts every worker when the person picks another backend', async () => {
    const { made, vision } = await widened(2);
    vision.repin('cpu');
    expect(made.map((f) => f.terminated)).toEqual([true, true]);
    expect(vision.status.state).toBe('off');
    const answer = vision.analyse(tile);
    await settle();
    expect(made[2]?.pin).toBe('cpu');
    made[2]?.release();
    await answer;
    expect(vision.status.state).toBe('ready');
    // Repinned while a widen waited for the old first worker: no worker on the old backend.
    const other = pool();
    const again = new Vision(undefined, other.spawn, 2);
    again.widen();
    again.repin('cpu');
    const next = again.analyse(tile);
    await settle();
    await settle();
    expect(other.made.map((f) => f.pin)).toEqual([undefined, 'cpu']);
    other.made[1]?.release();
    await next;
  });
});
