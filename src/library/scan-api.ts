import { catalog, type ShoeboxDb } from '../catalog/db';
import { applyScanBatch, type ScanEntry } from '../catalog/file-repo';
import { countProgress } from '../catalog/photo-repo';
import { walkFolder, ScanPermissionError, type WalkEntry, type WalkSummary } from './walk';

/** What one scan recorded: counted as it went, so a walk cut short by an error still reports it. */
export interface ScanTally {
  queued: number;
  unchanged: number;
  /** Every path seen (what is not among them after a whole walk has vanished). */
  seen: string[];
}

export type ScanResult = ScanTally & ({ ok: true; summary: WalkSummary } | { ok: false; permission: boolean; error: string });

/**
 * Record one batch of scanned files (src/catalog/file-repo.ts) and count what it queued into the
 * import's progress; adds to `tally`, and answers how many were queued.
 */
export async function recordBatch(db: ShoeboxDb, sourceId: number, entries: readonly ScanEntry[], tally: ScanTally): Promise<number> {
  for (const e of entries) tally.seen.push(e.path);
  const result = await applyScanBatch(db, sourceId, entries);
  tally.queued += result.queued;
  tally.unchanged += result.unchanged;
  if (result.queued) await countProgress(db, { found: result.queued });
  return result.queued;
}

/**
 * Files written a transaction. The catalogue's other reads wait while one runs (the grid's read of
 * the first stand-in waited 300–350 ms for a batch of 250 files with their handles; measured with
 * marks, session 23), so the walk's batches of 250 are written 50 at a time.
 */
const WRITE_BATCH = 50;

/**
 * The scan worker's API: walks a granted folder off the UI thread and records each batch in the
 * catalogue itself (files and jobs, with the files' handles), telling the page only how many were
 * queued. Handing each batch to the page to write cost its main thread about 1.5 ms a file
 * (structured clones of the file handles, in and out, and Dexie's writes), in the second in which
 * the first tiles are made.
 */
export const scanApi = {
  async scan(root: FileSystemDirectoryHandle, sourceId: number, onQueued: (queued: number) => Promise<void> | void): Promise<ScanResult> {
    const db = catalog();
    const tally: ScanTally = { queued: 0, unchanged: 0, seen: [] };
    let first = true;
    const onBatch = async (entries: WalkEntry[]) => {
      for (let i = 0; i < entries.length; i += WRITE_BATCH) {
        const queued = await recordBatch(db, sourceId, entries.slice(i, i + WRITE_BATCH), tally);
        if (!queued) continue;
        // (A page that cannot say is not waited for.)
        const heard = Promise.resolve(onQueued(queued)).catch(() => undefined);
        // After the first files queued, the walk rests until the page says their first tile is on
        // screen (Indexer.firstTile, capped): the first tile, not the rest of the walk, gets both
        // cores first.
        if (first) {
          first = false;
          await heard;
        }
      }
    };
    try {
      return { ok: true, summary: await walkFolder(root, onBatch), ...tally };
    } catch (e) {
      const permission = e instanceof ScanPermissionError;
      return { ok: false, permission, error: permission ? (e as Error).message : `The folder could not be read (${(e as Error).message}).`, ...tally };
    }
  },
};

export type ScanApi = typeof scanApi;
