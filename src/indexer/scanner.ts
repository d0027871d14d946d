import { proxy, wrap } from 'comlink';
import type { ShoeboxDb } from '../catalog/db';
import { markVanished } from '../catalog/file-repo';
import { readProgress, writeProgress } from '../catalog/photo-repo';
import { updateSource } from '../catalog/source-repo';
import type { SourceRow } from '../catalog/types';
import { recordBatch, type ScanApi, type ScanResult, type ScanTally } from '../library/scan-api';

export interface ScanReport {
  queued: number;
  unchanged: number;
  missing: number;
  error?: string;
  permission?: boolean;
  /** Stopped by the person: what was seen is queued, nothing is called missing. */
  cancelled?: boolean;
}

/** Reset the shared counters when a new import starts after the last one ended. */
export async function beginImport(db: ShoeboxDb): Promise<void> {
  const progress = await readProgress(db);
  const fresh = !progress || ['done', 'cancelled', 'idle', 'error'].includes(progress.state);
  const queued = await db.jobs.count();
  if (fresh) await writeProgress(db, { state: 'scanning', found: queued, done: 0, failed: 0, startedAt: Date.now(), message: undefined });
  else await writeProgress(db, { state: 'scanning' });
}

/** Resolves when `signal` aborts: cancelling a scan ends its worker mid-walk. */
function whenAborted(signal: AbortSignal | undefined): Promise<'aborted'> {
  return new Promise((resolve) => {
    if (signal?.aborted) resolve('aborted');
    signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
}

/** A scan worker started ahead (`prepareScan`), not yet walking. */
let spare: Worker | undefined;

const startScanWorker = () => new Worker(new URL('../../workers/scan.worker.ts', import.meta.url), { type: 'module', name: 'scan' });

/**
 * Start the next scan's worker now (the folder picker is open), so that its code is loaded when
 * the folder is granted: it started 0.12–0.16 s after the grant before (README, session 38). One
 * is kept; a scan takes it or starts its own.
 */
export function prepareScan(): void {
  spare ??= startScanWorker();
}

function takeScanWorker(): Worker {
  const worker = spare ?? startScanWorker();
  spare = undefined;
  return worker;
}

/**
 * Walk a granted folder in the scan worker, which records each batch itself (src/library/scan-api.ts);
 * the page hears how many were queued, so indexing starts with the first batch, not after the walk.
 */
async function scanHandle(handle: FileSystemDirectoryHandle, sourceId: number, onQueued: () => Promise<void> | void, signal?: AbortSignal): Promise<ScanResult | 'aborted'> {
  const worker = takeScanWorker();
  try {
    const queued = () => (signal?.aborted ? undefined : onQueued());
    return await Promise.race([wrap<ScanApi>(worker).scan(handle, sourceId, proxy(queued)), whenAborted(signal)]);
  } finally {
    worker.terminate();
  }
}

/**
 * Scan one source: compare what is on disk with the catalogue by path, size and mtime, queue new
 * and changed files, mark vanished ones missing. Nothing is decoded here.
 */
export async function scanSource(
  db: ShoeboxDb,
  source: SourceRow & { id: number },
  options: { files?: readonly (readonly [string, File])[]; onQueued?: () => Promise<void> | void; signal?: AbortSignal } = {},
): Promise<ScanReport> {
  const report: ScanReport = { queued: 0, unchanged: 0, missing: 0 };
  let tally: ScanTally = { queued: 0, unchanged: 0, seen: [] };
  const { signal } = options;
  const onQueued = options.onQueued ?? (() => undefined);
  if (source.handle) {
    const result = await scanHandle(source.handle, source.id, onQueued, signal);
    if (result !== 'aborted') {
      tally = result;
      if (!result.ok) {
        report.error = result.error;
        report.permission = result.permission;
      }
    }
  } else if (options.files) {
    // Files picked through the fallback input live in this page: their batches are recorded here.
    const entries = options.files.map(([path, file]) => ({ path, size: file.size, mtime: file.lastModified }));
    for (let i = 0; i < entries.length && !signal?.aborted; i += 250) {
      if ((await recordBatch(db, source.id, entries.slice(i, i + 250), tally)) && !signal?.aborted) void onQueued();
    }
  }
  report.queued = tally.queued;
  report.unchanged = tally.unchanged;
  if (signal?.aborted) report.cancelled = true;
  // A scan cut short has not seen everything: nothing may be called missing then.
  if (!report.error && !report.cancelled) report.missing = await markVanished(db, source.id, new Set(tally.seen));
  await updateSource(db, source.id, { lastScanAt: Date.now(), scanError: report.error });
  return report;
}
