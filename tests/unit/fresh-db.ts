import 'fake-indexeddb/auto';
import { afterEach, beforeEach } from 'vitest';
import { ShoeboxDb } from '../../src/catalog/db';

let seq = 0;

/** A new, empty catalogue for each test of the calling suite, deleted after it: `const db = useFreshDb('x'); … db()`. */
export function useFreshDb(prefix: string): () => ShoeboxDb {
  let db: ShoeboxDb | undefined;
  beforeEach(async () => {
    db = new ShoeboxDb(`${prefix}-${++seq}`);
    await db.open();
  });
  afterEach(async () => {
    db?.close();
    await db?.delete();
  });
  return () => db as ShoeboxDb;
}
