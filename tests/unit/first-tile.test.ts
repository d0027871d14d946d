import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { catalog, type ShoeboxDb } from '../../src/catalog/db';
import { applyScanBatch } from '../../src/catalog/file-repo';
import { addSource } from '../../src/catalog/source-repo';
import type { IndexOutcome } from '../../src/catalog/types';
import { Indexer } from '../../src/indexer/indexer';
import { scanApi } from '../../src/library/scan-api';
import { makeJpeg } from '../fixtures/photos.mjs';
import { photoOutcome } from './catalog-factories';
import { indexerCatalogue, noVision, poolOf } from './indexer-fakes';

/**
 * The first tile before the rest of the import (sessions 38–39): the indexer says when an import's
 * first tile is on screen (`firstTile`: the page shows it after the first result is written, or
 * a moment after that write), and until then the scan worker's walk rests after its first batch
 * and the stand-ins after the first wait.
 */
let db: ShoeboxDb;
indexerCatalogue('first-tile', (d) => (db = d));

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const unreadable = (fileId: number): IndexOutcome => ({ kind: 'problem', fileId, status: 'failed', error: 'unreadable' });

/** `count` files queued, each answered by `answer` after `ms` in a one-worker pool (two in flight). */
async function queued(count: number, ms: number, answer: (fileId: number) => IndexOutcome = unreadable): Promise<Indexer> {
  const source = await addSource(db, { name: 'Photos', kind: 'fsa' });
  await applyScanBatch(db, source.id, Array.from({ length: count }, (_, i) => ({ path: `IMG_${i}.jpg`, size: 1, mtime: 1, handle: {} as FileSystemFileHandle })));
  return new Indexer(db, () => false, noVision(), () => poolOf(async (r) => (await sleep(ms), answer(r.fileId))));
}

const written = () => db.files.where('status').equals('failed').count();
/** Polled every 5 ms: the tests time what follows. */
const until = (check: () => Promise<boolean>) => vi.waitUntil(check, { interval: 5, timeout: 5_000 });

describe('Indexer.firstTile', () => {
  it('ends when the page shows a tile after the first result is written, long before the import ends', async () => {
    const indexer = await queued(20, 100);
    const done = indexer.start();
    const ended = indexer.firstTile(5_000).then(() => performance.now());
    // A tile drawn before the import wrote anything (the library's own) is not its first.
    indexer.tileShown();
    await until(async () => (await written()) >= 1);
    await sleep(150);
    const shownAt = performance.now();
    indexer.tileShown();
    const at = await ended;
    expect(at).toBeGreaterThanOrEqual(shownAt);
    expect(at - shownAt).toBeLessThan(50);
    expect(await written()).toBeLessThan(20);
    // Then at once.
    const t1 = performance.now();
    await indexer.firstTile(5_000);
    expect(performance.now() - t1).toBeLessThan(20);
    await done;
    expect(await written()).toBe(20);
  });

  it('ends a moment after the first write when no tile is shown (the grid closed)', async () => {
    const indexer = await queued(20, 100);
    const done = indexer.start();
    const ended = indexer.firstTile(5_000).then(() => performance.now());
    await until(async () => (await written()) >= 1);
    const wroteAt = performance.now();
    const at = await ended;
    expect(at - wroteAt).toBeGreaterThan(400);
    expect(at - wroteAt).toBeLessThan(900);
    expect(await written()).toBeLessThan(20);
    await done;
  });

  it('waits no longer than its cap for a slow first file', async () => {
    const indexer = await queued(2, 1_000);
    const t0 = performance.now();
    const done = indexer.start();
    await indexer.firstTile(150);
    expect(performance.now() - t0).toBeLessThan(600);
    expect(await written()).toBe(0);
    await done;
  });

  it('resolves once the run ends, whatever it wrote', async () => {
    const indexer = await queued(0, 10);
    const t0 = performance.now();
    await Promise.all([indexer.start(), indexer.firstTile(5_000)]);
    expect(performance.now() - t0).toBeLessThan(1_000);
  });

  /** ms from the first stand-in written to the second, the page showing a tile `showAfter` ms after the first (never if undefined). */
  async function secondStandIn(showAfter: number | undefined): Promise<number> {
    const indexer = await queued(4, 20, (fileId) => photoOutcome(fileId, { keywords: [], warnings: [] }));
    const times: number[] = [];
    const record = (id: string) => void (id.startsWith('pending:') && times.push(performance.now()));
    db.photos.hook('creating', (id) => record(id as string));
    const done = indexer.start();
    await until(async () => times.length >= 1);
    if (showAfter !== undefined) {
      await sleep(showAfter);
      indexer.tileShown();
    }
    await done;
    expect(times.length).toBeGreaterThanOrEqual(2);
    return (times[1] as number) - (times[0] as number);
  }

  it('writes the stand-ins after the first once the first is on screen, not before', async () => {
    const gap = await secondStandIn(200);
    expect(gap).toBeGreaterThanOrEqual(190);
    expect(gap).toBeLessThan(400);
  });

  it('writes them a moment after the first when nobody shows it', async () => {
    const gap = await secondStandIn(undefined);
    expect(gap).toBeGreaterThan(400);
    expect(gap).toBeLessThan(900);
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

  it('rests after its first batch until the page says the first tile is on screen', async () => {
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
