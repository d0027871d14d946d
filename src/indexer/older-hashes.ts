import { wrap } from 'comlink';
import type { ShoeboxDb } from '../catalog/db';
import { storeHashes, unhashedPhotos } from '../catalog/duplicate-repo';
import { NO_PICTURE } from '../catalog/near-duplicates';
import type { ImagingApi } from '../imaging/imaging-api';
import { spawnImagingWorker } from './pool';

/** Photos per round: one worker call and one short transaction each. */
const CHUNK = 200;

/**
 * Hash the photos a catalogue indexed before Shoebox hashed tiles, from their stored tiles (no
 * original is read), in an imaging worker started for it and ended after. A video's stand-in has
 * no picture to compare (NO_PICTURE); a photo without a tile is left for its next re-index.
 */
export async function hashOlderPhotos(db: ShoeboxDb, onProgress?: (done: number) => void): Promise<number> {
  const worker = spawnImagingWorker();
  const api = wrap<ImagingApi>(worker.endpoint);
  let done = 0;
  try {
    for (;;) {
      const batch = (await unhashedPhotos(db, CHUNK)).filter((b) => b.tile);
      if (!batch.length) return done;
      const pictures = batch.filter((b) => !(b.photo.video && !b.photo.video.decodable));
      const hashes = await api.hashTiles(pictures.map((b) => b.tile as Blob));
      const found = new Map(pictures.map((b, i) => [b.photo.id, hashes[i]]));
      // A tile that would not decode gets NO_PICTURE too, so the loop ends.
      await storeHashes(db, batch.map((b) => ({ id: b.photo.id, phash: found.get(b.photo.id) ?? NO_PICTURE })));
      done += batch.length;
      onProgress?.(done);
    }
  } finally {
    worker.terminate();
  }
}
