import { proxy, wrap } from 'comlink';
import type { ShoeboxDb } from '../catalog/db';
import { applyScanBatch, markVanished, type ScanEntry } from '../catalog/file-repo';
import { countProgress, readProgress, writeProgress } from '../catalog/photo-repo';
import { updateSource } from '../catalog/source-repo';
import type { SourceRow } from '../catalog/types';
import type { ScanApi } from '../library/scan-api';

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

interface ScanContext {
  db: ShoeboxDb;
  sourceId: number;
  seen: Set<string>;
  report: ScanReport;
  /** Called when files were queued, so indexing starts with the first batch, not after the walk. */
  onQueued: () => void;
  signal?: AbortSignal;
}

async function queue(ctx: ScanContext, entries: readonly ScanEntry[]) {
  if (ctx.signal?.aborted) return;
  for (const e of entries) ctx.seen.add(e.path);
  const result = await applyScanBatch(ctx.db, ctx.sourceId, entries);
  ctx.report.queued += result.queued;
  ctx.report.unchanged += result.unchanged;
  if (result.queued) {
    await countProgress(ctx.db, { found: result.queued });
    if (!ctx.signal?.aborted) ctx.onQueued();
  }
}

/** Walk a granted folder in the scan worker and queue what is new or changed. */
/** Resolves when `signal` aborts: cancelling a scan ends its worker mid-walk. */
function whenAborted(signal: AbortSignal | undefined): Promise<'aborted'> {
  return new Promise((resolve) => {
    if (signal?.aborted) resolve('aborted');
    signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
}

async function scanHandle(ctx: ScanContext, handle: FileSystemDirectoryHandle) {
  const worker = new Worker(new URL('../../workers/scan.worker.ts', import.meta.url), { type: 'module', name: 'scan' });
  try {
    const api = wrap<ScanApi>(worker);
    const result = await Promise.race([api.scan(handle, proxy((entries: ScanEntry[]) => queue(ctx, entries))), whenAborted(ctx.signal)]);
    if (result === 'aborted') ctx.report.cancelled = true;
    else if (!result.ok) {
      ctx.report.error = result.error;
      ctx.report.permission = result.permission;
    }
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
  options: { files?: readonly (readonly [string, File])[]; onQueued?: () => void; signal?: AbortSignal } = {},
): Promise<ScanReport> {
  const report: ScanReport = { queued: 0, unchanged: 0, missing: 0 };
  const seen = new Set<string>();
  const { signal } = options;
  const ctx: ScanContext = { db, sourceId: source.id, seen, report, onQueued: options.onQueued ?? (() => undefined), signal };
  if (source.handle) {
    await scanHandle(ctx, source.handle);
  } else if (options.files) {
    const entries = options.files.map(([path, file]) => ({ path, size: file.size, mtime: file.lastModified }));
    for (let i = 0; i < entries.length && !signal?.aborted; i += 250) await queue(ctx, entries.slice(i, i + 250));
  }
  if (signal?.aborted) report.cancelled = true;
  // A scan cut short has not seen everything: nothing may be called missing then.
  if (!report.error && !report.cancelled) report.missing = await markVanished(db, source.id, seen);
  await updateSource(db, source.id, { lastScanAt: Date.now(), scanError: report.error });
  return report;
}
