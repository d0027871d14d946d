import 'fake-indexeddb/auto';
import { afterEach, beforeEach } from 'vitest';
import { ShoeboxDb } from '../../src/catalog/db';
import { onCatalogueChange } from '../../src/catalog/live';
import { PhotoPostings } from '../../src/catalog/postings';
import { catalogueReads } from '../../src/catalog/search-reads';
import type { OrderIds } from '../../src/catalog/numbering';
import type { DetectedFace, IndexOutcome, PhotoMeta } from '../../src/catalog/types';

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

/** The search worker's reads of `db`: postings (built by the caller) and reads kept current by change events, as search-api.ts wires them; `stop` unhooks them. */
export function keptReads(db: ShoeboxDb) {
  const postings = new PhotoPostings(db);
  const reads = catalogueReads(db, postings);
  const stop = onCatalogueChange((parts) => {
    postings.changed(parts);
    reads.changed(parts);
  });
  return { postings, reads, stop };
}

const image = () => ({ blob: new Blob([new Uint8Array([1])], { type: 'image/webp' }), width: 4, height: 3 });

/** A detected face whose box starts at `x` (0.2 wide, 0.3 high) and whose descriptor is `x` everywhere. */
export const faceAt = (x: number): DetectedFace => ({
  box: [x, 0.25, x + 0.2, 0.55], score: 0.9, landmarks: new Float32Array(136),
  descriptor: new Float32Array(128).fill(x), crop: new Blob([new Uint8Array([1])], { type: 'image/webp' }),
});

/** The indexed outcome of `IMG_0001.jpg` (640 × 480, photo `h1`) with this metadata and, if given, these faces. */
export const photoOutcome = (fileId: number, meta: PhotoMeta, faces?: DetectedFace[]): IndexOutcome => ({
  kind: 'photo', fileId, hash: 'h1', name: 'IMG_0001.jpg', mediaType: 'image/jpeg', meta, width: 640, height: 480, damaged: false,
  tile: image(), preview: image(), colors: [], monochrome: false, ...(faces ? { vision: { labels: [], people: faces.length, faces } } : {}),
});

/** An order's ids, as an array. */
export const orderIds = ({ ids }: { ids: OrderIds }): string[] => Array.from({ length: ids.length }, (_, i) => ids.at(i) as string);
