import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { catalog, type ShoeboxDb } from '../../src/catalog/db';
import { applyScanBatch } from '../../src/catalog/file-repo';
import { addSource } from '../../src/catalog/source-repo';
import type { IndexOutcome } from '../../src/catalog/types';
import { Indexer } from '../../src/indexer/indexer';
import { scanApi } from '../../src/library/scan-api';
import { makeJpeg } from '../fixtures/photos.mjs';
import { indexerCatalogue, noVision, poolOf } from './indexer-fakes';

/**
 * The first tile before the rest of the walk (session 38): the indexer says when an import's first
 * result is written (`firstWrite`), and the scan worker's walk rests after its first batch until
 * then.
 */
let db: ShoeboxDb;
indexerCatalogue('first-write', (d) => (db = d));

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const unreadable = (fileId: number): IndexOutcome => ({ kind: 'problem', fileId, status: 'failed', error: 'unreadable' });

/** `count` files queued, each taking `ms` in a one-worker pool (two in flight). */
async function queued(count: number, ms: number): Promise<Indexer> {
  const source = await addSource(db, { name: 'Photos', kind: 'fsa' });
  await applyScanBatch(db, source.id, Array.from({ length: count }, (_, i) => ({ path: `IMG_${i}.jpg`, size: 1, mtime: 1, handle: {} as FileSystemFileHandle })));
  return new Indexer(db, () => false, noVision(), () => poolOf(async (r) => (await sleep(ms), unreadable(r.fileId))));
}

const written = () => db.files.where('status').equals('failed').count();

describe('Indexer.firstWrite', () => {
  it('resolves when the first result is written, long before the import ends, then at once', async () => {
    const indexer = await queued(8, 100);
    const t0 = performance.now();
    const done = indexer.start();
    await indexer.firstWrite(5_000);
    const at = performance.now() - t0;
    expect(await written()).toBeGreaterThanOrEqual(1);
    expect(await written()).toBeLessThan(8);
    expect(at).toBeLessThan(400);
    const t1 = performance.now();
    await indexer.firstWrite(5_000);
    expect(performance.now() - t1).toBeLessThan(20);
    await done;
    expect(await written()).toBe(8);
  });

  it('waits no longer than its cap for a slow first file', async () => {
    const indexer = await queued(2, 1_000);
    const t0 = performance.now();
    const done = indexer.start();
    await indexer.firstWrite(150);
    expect(performance.now() - t0).toBeLessThan(600);
    expect(await written()).toBe(0);
    await done;
  });

  it('resolves once the run ends, whatever it wrote', async () => {
    const indexer = await queued(0, 10);
    const t0 = performance.now();
    await Promise.all([indexer.start(), indexer.firstWrite(5_000)]);
    expect(performance.now() - t0).toBeLessThan(1_000);
  });
});

describe('the scan worker’s walk', () => {
  const jpeg = new Uint8Array(makeJpeg({ width: 8, height: 8 }));
  /** A file handle look-alike the catalogue can store (its method is not its own: a clone keeps kind and name). */
  class FileHandle {
    readonly kind = 'file';
    constructor(readonly name: string) {}
    async getFile(): Promise<File> {
      return new File([jpeg], this.name, { lastModified: 1000 });
    }
  }
  /** A folder of 60 photos. */
  const folder = () => ({
    kind: 'directory',
    name: 'Photos',
    async *entries() {
      for (let i = 0; i < 60; i++) {
        const name = `IMG_${String(i).padStart(3, '0')}.jpg`;
        yield [name, new FileHandle(name)];
      }
    },
  }) as unknown as FileSystemDirectoryHandle;

  /** ms from the first batch queued to the second, and how many batches the page heard of, answering each as `answer` does. */
  async function secondBatchAfter(answer: (call: number) => Promise<void> | void): Promise<{ gap: number; calls: number }> {
    const times: number[] = [];
    const source = await addSource(catalog(), { name: `walk-${Math.random()}`, kind: 'fsa' });
    const result = await scanApi.scan(folder(), source.id, () => {
      times.push(performance.now());
      return answer(times.length);
    });
    if (!result.ok) throw new Error(result.error);
    expect(result.queued).toBe(60);
    return { gap: (times[1] as number) - (times[0] as number), calls: times.length };
  }

  it('rests after its first batch until the page says the first result is written', async () => {
    const { gap } = await secondBatchAfter((call) => (call === 1 ? sleep(300) : undefined));
    expect(gap).toBeGreaterThanOrEqual(290);
    // Without the wait, the next batch follows at once (the check above can fail).
    expect((await secondBatchAfter(() => undefined)).gap).toBeLessThan(200);
  });

  it('goes on when the page cannot answer, and waits for no batch but the first', async () => {
    const { gap, calls } = await secondBatchAfter((call) => (call === 1 ? Promise.reject(new Error('the page is gone')) : sleep(1_000)));
    expect(gap).toBeLessThan(200);
    expect(calls).toBeGreaterThan(1);
  });
});
