import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ShoeboxDb } from '../../src/catalog/db';
import { applyScanBatch } from '../../src/catalog/file-repo';
import { onCatalogueChange } from '../../src/catalog/live';
import { addSource } from '../../src/catalog/source-repo';
import { Indexer } from '../../src/indexer/indexer';
import { indexerCatalogue, noVision, poolOf } from './indexer-fakes';

/**
 * How often an import writes its results: every commit makes the page's live queries and the search
 * worker read again, so results go out in batches (src/indexer/indexer.ts, FLUSH_MS); none waits
 * for a later file to carry it.
 */
let db: ShoeboxDb;
indexerCatalogue('flush', (d) => (db = d));

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Import `count` files through a one-worker pool that takes `msOf(i)` for file i and finds each
 * unreadable (no photo, so no vision worker). `watch` runs beside the import.
 */
async function importFiles(count: number, msOf: (i: number) => number, watch?: (indexer: Indexer) => Promise<void>): Promise<{ commits: number; elapsed: number }> {
  const source = await addSource(db, { name: 'Photos', kind: 'fsa' });
  await applyScanBatch(db, source.id, Array.from({ length: count }, (_, i) => ({ path: `IMG_${i}.jpg`, size: 1, mtime: 1, handle: {} as FileSystemFileHandle })));
  let given = 0;
  const pool = poolOf(async (r) => {
    await sleep(msOf(given++));
    return { kind: 'problem', fileId: r.fileId, status: 'failed', error: 'unreadable' };
  });
  let commits = 0;
  const stop = onCatalogueChange((parts) => {
    if (Object.keys(parts ?? {}).some((p) => p.includes('/files/'))) commits++;
  });
  try {
    const t0 = performance.now();
    const indexer = new Indexer(db, () => false, noVision(), () => pool);
    await Promise.all([indexer.start(), watch?.(indexer)]);
    return { commits, elapsed: performance.now() - t0 };
  } finally {
    stop();
  }
}

const failed = () => db.files.where('status').equals('failed').count();

describe('an import writes its results', () => {
  it('in batches, not one commit for every file or two', async () => {
    // 24 files, 250 ms each, two at a time (3 s): one commit for the first, then one every
    // FLUSH_MS (1.5 s) and the last, 3 or 4; every 400 ms it was eight.
    const { commits, elapsed } = await importFiles(24, () => 250);
    expect(await failed()).toBe(24);
    expect(commits).toBeGreaterThanOrEqual(2);
    expect(commits).toBeLessThanOrEqual(2 + Math.ceil(elapsed / 1500));
  });

  it('without holding a result until a slow file after it is done', async () => {
    // The second file is done at once, the third takes 4 s: the second is written at ~1.5 s.
    let seenAt = Number.NaN;
    const t0 = performance.now();
    const watch = async () => {
      while (performance.now() - t0 < 4000) {
        if ((await failed()) >= 2) {
          seenAt = performance.now() - t0;
          return;
        }
        await sleep(50);
      }
    };
    await importFiles(3, (i) => (i === 2 ? 4000 : 10), watch);
    expect(await failed()).toBe(3);
    expect(seenAt).toBeLessThan(3000);
  }, 15_000);
});

describe('a paused import', () => {
  it('writes what was being read at once, and goes on when resumed before that is written', async () => {
    // Paused with files in the pool, resumed before they are back (the person changed their
    // mind): the import must neither wait for a second resume nor stop.
    // Files take 200 ms (even) and 1 s (odd), two at a time: file 0 is written at ~200 ms.
    let landed = Number.NaN;
    const watch = async (indexer: Indexer) => {
      while ((await failed()) < 1) await sleep(20);
      await indexer.pause();
      const pausedAt = performance.now();
      // File 2 comes back at ~400 ms: written at once, not FLUSH_MS after the last commit.
      while ((await failed()) < 2 && performance.now() - pausedAt < 3000) await sleep(20);
      landed = performance.now() - pausedAt;
      // The import saw the pause when file 2 came back and waits for file 1 (1 s) before it
      // stops: resumed now, in between.
      await indexer.resume();
    };
    const run = importFiles(8, (i) => (i % 2 ? 1000 : 200), watch);
    const outcome = await Promise.race([run.then(() => 'done'), sleep(8000).then(() => 'stuck')]);
    expect(outcome).toBe('done');
    expect(landed).toBeLessThan(1000);
    expect(await failed()).toBe(8);
  }, 15_000);
});
