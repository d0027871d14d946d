import { afterEach, beforeEach } from 'vitest';
import { ShoeboxDb } from '../../src/catalog/db';
import type { ImagingPool } from '../../src/indexer/pool';
import { Vision } from '../../src/indexer/vision';

/**
 * A lock manager that grants every request at once, as one tab alone gets the indexer's lock,
 * installed as `navigator.locks`. `holding()`: the requests whose holder is still running.
 */
export function grantingLocks(): { holding: () => number; remove: () => void } {
  let holding = 0;
  const locks = {
    request: async (_n: string, a: unknown, b?: unknown) => {
      holding++;
      try {
        return await (typeof a === 'function' ? a({}) : (b as (l: object) => unknown)({}));
      } finally {
        holding--;
      }
    },
  };
  Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true });
  return { holding: () => holding, remove: () => Reflect.deleteProperty(globalThis, 'navigator') };
}

/** Vision for an import whose files never reach the models: spawning a worker fails the test. */
export const noVision = (): Vision =>
  new Vision(undefined, () => {
    throw new Error('no vision worker in this test');
  });

/** An imaging pool of one worker that answers each file with `run`. */
export const poolOf = (run: ImagingPool['run']): ImagingPool => ({ size: 1, run, peek: async () => undefined, terminate: () => undefined });

let seq = 0;

/**
 * A fresh catalogue for each test (handed to `use`) with `grantingLocks` installed; after the test,
 * closed and deleted once no import has held the lock for two checks in a row (a rerun starts a
 * tick after the import before it lets go).
 */
export function indexerCatalogue(prefix: string, use: (db: ShoeboxDb) => void): void {
  let db: ShoeboxDb;
  let locks: ReturnType<typeof grantingLocks>;
  beforeEach(async () => {
    db = new ShoeboxDb(`${prefix}-${++seq}`);
    await db.open();
    use(db);
    locks = grantingLocks();
  });
  afterEach(async () => {
    for (let quiet = 0; quiet < 2; ) {
      await new Promise((done) => setTimeout(done, 50));
      quiet = locks.holding() ? 0 : quiet + 1;
    }
    locks.remove();
    db.close();
    await db.delete();
  });
}
