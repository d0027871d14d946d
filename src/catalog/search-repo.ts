import type { ShoeboxDb } from './db';
import type { PhotoRow } from './types';

/**
 * Photos whose labels or categories match a word, newest first. Both reads go through the
 * multiEntry indexes (`*labels`, `*categories`): never a table scan.
 */
export async function searchByLabel(db: ShoeboxDb, query: string, includePrivate = false, limit = 2000): Promise<PhotoRow[]> {
  const word = query.trim().toLowerCase();
  if (!word) return [];
  const [byLabel, byCategory] = await Promise.all([
    db.photos.where('labels').equals(word).primaryKeys(),
    db.photos.where('categories').equals(word).primaryKeys(),
  ]);
  const ids = [...new Set([...byLabel, ...byCategory])] as string[];
  const rows = (await db.photos.bulkGet(ids)).flatMap((p) => (p && (includePrivate || !p.private) ? [p] : []));
  return rows.sort((a, b) => b.takenAt - a.takenAt || (a.id < b.id ? 1 : -1)).slice(0, limit);
}
