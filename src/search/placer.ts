import type { ShoeboxDb } from '../catalog/db';
import { savePlaces, unplacedPhotos } from '../catalog/place-repo';
import { GAZETTEER_VERSION } from '../catalog/terms';
import { gazetteer } from './gazetteer';

/** Photos named per transaction: each batch is one indexed read and one write. */
const BATCH = 500;

/**
 * Name the place of every photo whose GPS has none yet (place-repo.ts), a batch at a time, in
 * the search worker: the gazetteer is loaded only when there is a photo to place. Returns how
 * many were named.
 */
export async function placeAll(db: ShoeboxDb): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = await unplacedPhotos(db, BATCH);
    if (!batch.length) return total;
    const names = await gazetteer();
    const named = batch.map(({ id, lat, lng }) => ({ id, place: { ...names.name(lat, lng), at: [lat, lng] as [number, number], v: GAZETTEER_VERSION } }));
    const saved = await savePlaces(db, named);
    total += saved;
    // Every one changed meanwhile: the change that did it runs the placer again.
    if (!saved) return total;
  }
}

/**
 * Runs placeAll when asked, once at a time: a request while it runs makes it run once more after.
 * Tabs take turns through a Web Lock, so two tabs do not name the same photos.
 */
export function createPlacer(db: ShoeboxDb): { schedule(): void } {
  let running: Promise<void> | undefined;
  let again = false;
  const run = async () => {
    do {
      again = false;
      const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
      if (locks) await locks.request('shoebox-placer', () => placeAll(db));
      else await placeAll(db);
    } while (again);
  };
  return {
    schedule() {
      if (running) {
        again = true;
        return;
      }
      running = run()
        .catch((e: unknown) => console.error('naming places failed', e))
        .finally(() => {
          running = undefined;
        });
    },
  };
}
