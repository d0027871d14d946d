import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ShoeboxDb } from '../../src/catalog/db';
import { applyScanBatch } from '../../src/catalog/file-repo';
import { addSource } from '../../src/catalog/source-repo';
import { Indexer } from '../../src/indexer/indexer';
import { Vision } from '../../src/indexer/vision';
import { indexerCatalogue, poolOf } from './indexer-fakes';

/**
 * When an import widens the vision pool (src/indexer/indexer.ts): once a page's worth of files is
 * queued, even if the walk handed over a short first page before queueing the rest; never for a
 * folder smaller than a page.
 */
let db: ShoeboxDb;
indexerCatalogue('widen', (d) => (db = d));

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Vision that only notes when it is widened (the files never reach it: each is unreadable). */
class WidenSpy extends Vision {
  widenedAt: number[] = [];
  constructor(private readonly t0: number) {
    super(undefined, () => {
      throw new Error('no vision worker in this test');
    });
  }
  override widen(): void {
    this.widenedAt.push(performance.now() - this.t0);
  }
}

/**
 * A walk that queues `first` files, then `rest` more `restAfterMs` later, then ends; the first
 * page's files take 150 ms each, the others 20, in a one-worker pool (two in flight). When the
 * vision pool was widened, ms from the start.
 */
async function importWalk(first: number, rest: number, restAfterMs: number): Promise<number[]> {
  const source = await addSource(db, { name: 'Photos', kind: 'fsa' });
  const files = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ path: `IMG_${from + i}.jpg`, size: 1, mtime: 1, handle: {} as FileSystemFileHandle }));
  await applyScanBatch(db, source.id, files(0, first));
  let walking = true;
  const walk = (async () => {
    await sleep(restAfterMs);
    if (rest) await applyScanBatch(db, source.id, files(first, rest));
    walking = false;
  })();
  let given = 0;
  const pool = poolOf(async (r) => {
    await sleep(given++ < first ? 150 : 20);
    return { kind: 'problem', fileId: r.fileId, status: 'failed', error: 'unreadable' };
  });
  const vision = new WidenSpy(performance.now());
  const indexer = new Indexer(db, () => walking, vision, () => pool);
  await Promise.all([indexer.start(), walk]);
  // Files the walk queued after the drain's last look are indexed by a rerun.
  await indexer.start();
  return vision.widenedAt;
}

describe('the vision pool widens for a long import', () => {
  it('while its short first page goes through, once the walk has queued a page’s worth behind it', async () => {
    // 24 files handed over, 60 more 300 ms later: widened at the first look after them (within
    // LOOK_AHEAD_MS), not once the first page has gone through (24 × 150 ms, two at a time: the
    // next page is read at about 1.65 s).
    const widened = await importWalk(24, 60, 300);
    expect(widened.length).toBeGreaterThan(0);
    expect(widened[0]).toBeLessThan(1_200);
    expect(await db.files.where('status').equals('failed').count()).toBe(84);
  });

  it('never for a folder smaller than a page, even while its walk is still going', async () => {
    expect(await importWalk(24, 20, 300)).toEqual([]);
    expect(await db.files.where('status').equals('failed').count()).toBe(44);
  });
});
