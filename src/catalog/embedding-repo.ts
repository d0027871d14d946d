import { SIMILAR } from '../../models/manifest';
import type { ShoeboxDb } from './db';
import type { EmbeddingRow } from './types';
import { suggestFromVectors } from './taught-repo';

/** The version of the vectors compared now (models/manifest.ts SIMILAR): others are not. */
export const EMBEDDING_VERSION: number = SIMILAR.version;

/** Vectors read per transaction: the worker makes objects of a page in one task (about 20 ms for 1,000). */
export const EMBEDDING_PAGE = 1000;

/** How a read of every vector goes on between two pages (search/similar.ts reads ahead at its own pace). */
export interface Pace {
  /** Awaited before each page after the first, given how long the last took (its reading and `each`). */
  between(lastPageMs: number): Promise<unknown>;
  /** How many rows the next page reads. */
  pageSize(): number;
}

/**
 * Every photo's vector of the current version, by id, handed over a page at a time as it is read:
 * search/similar.ts keeps only the bytes of each page, never a million row objects at once.
 */
export async function eachEmbeddingPage(db: ShoeboxDb, each: (page: readonly EmbeddingRow[]) => void, pace?: Pace): Promise<void> {
  let last: string | undefined;
  for (;;) {
    const started = performance.now();
    const size = pace?.pageSize() ?? EMBEDDING_PAGE;
    const page = await (last === undefined ? db.embeddings.orderBy(':id') : db.embeddings.where(':id').above(last)).limit(size).toArray();
    each(page.filter((r) => r.ver === EMBEDDING_VERSION));
    if (page.length < size) return;
    last = (page[page.length - 1] as EmbeddingRow).id;
    await pace?.between(performance.now() - started);
  }
}

/** The table's part of a change event: the vectors changed. */
export const embeddingsChanged = (db: ShoeboxDb, parts?: Record<string, unknown>) => !parts || Object.keys(parts).some((p) => p.startsWith(`idb://${db.name}/embeddings/`));

/** Photos without a vector of the current version (indexed before vectors were made, or by another version), oldest first by id. */
export async function photosWithoutVectors(db: ShoeboxDb): Promise<string[]> {
  const have = new Set<string>();
  await db.embeddings.each((r) => {
    if (r.ver === EMBEDDING_VERSION) have.add(r.id);
  });
  // Stand-ins waiting to be indexed (`pending:` ids) get theirs when they are.
  return ((await db.photos.toCollection().primaryKeys()) as string[]).filter((id) => !have.has(id) && !id.startsWith('pending:'));
}

/**
 * Keep vectors made for photos indexed before (indexer/older-vectors.ts), with the taught labels
 * each now scores above (taught-repo.ts), in one transaction.
 */
export async function storeVectors(db: ShoeboxDb, rows: readonly EmbeddingRow[]): Promise<void> {
  await db.transaction('rw', [db.embeddings, db.photos, db.labelCounts, db.taught], async () => {
    await db.embeddings.bulkPut([...rows]);
    await suggestFromVectors(db, rows);
  });
}
