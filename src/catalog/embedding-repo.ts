import { SIMILAR } from '../../models/manifest';
import type { ShoeboxDb } from './db';
import type { EmbeddingRow } from './types';

/** The version of the vectors compared now (models/manifest.ts SIMILAR): others are not. */
export const EMBEDDING_VERSION: number = SIMILAR.version;

/** Vectors read per transaction: a page of rows at a time. */
const PAGE = 5000;

/** Every photo's vector of the current version, by id, a page at a time (search/similar.ts holds them). */
export async function readEmbeddings(db: ShoeboxDb): Promise<EmbeddingRow[]> {
  const rows: EmbeddingRow[] = [];
  let last: string | undefined;
  for (;;) {
    const page = await (last === undefined ? db.embeddings.orderBy(':id') : db.embeddings.where(':id').above(last)).limit(PAGE).toArray();
    rows.push(...page.filter((r) => r.ver === EMBEDDING_VERSION));
    if (page.length < PAGE) return rows;
    last = (page[page.length - 1] as EmbeddingRow).id;
  }
}

/** The table's part of a change event: the vectors changed. */
export const embeddingsChanged = (db: ShoeboxDb, parts?: Record<string, unknown>) => !parts || Object.keys(parts).some((p) => p.startsWith(`idb://${db.name}/embeddings/`));
