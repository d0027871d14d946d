import type { ShoeboxDb } from '../catalog/db';
import { photosWithoutVectors, storeVectors } from '../catalog/embedding-repo';
import { getThumbs } from '../catalog/photo-repo';
import type { EmbeddingRow } from '../catalog/types';
import type { Vision } from './vision';

/** Photos per round: their tiles read at once, their vectors kept in one short transaction. */
const CHUNK = 10;

/**
 * Give a vector ("More like this", taught labels) to the photos indexed before Shoebox made them,
 * from their stored tiles (no original is read), by the vision worker indexing uses. A photo
 * without a tile, or whose analysis fails, is left for its next re-index. Returns how many got one.
 */
export async function embedOlderPhotos(db: ShoeboxDb, vision: Vision, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<number> {
  const ids = await photosWithoutVectors(db);
  let made = 0;
  onProgress?.(0, ids.length);
  for (let at = 0; at < ids.length; at += CHUNK) {
    signal?.throwIfAborted();
    const chunk = ids.slice(at, at + CHUNK);
    const tiles = await getThumbs(db, chunk);
    const rows: EmbeddingRow[] = [];
    for (const id of chunk) {
      const tile = tiles.get(id);
      const seen = tile && (await vision.analyse(tile));
      if (seen?.embedding) rows.push({ id, ...seen.embedding });
    }
    await storeVectors(db, rows);
    made += rows.length;
    onProgress?.(Math.min(at + CHUNK, ids.length), ids.length);
  }
  return made;
}
