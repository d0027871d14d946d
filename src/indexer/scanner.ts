import { proxy, wrap } from 'comlink';
import type { ShoeboxDb } from '../catalog/db';
import { applyScanBatch, markVanished, type ScanEntry } from '../catalog/file-repo';
import { readProgress, writeProgress } from '../catalog/photo-repo';
import { updateSource } from '../catalog/source-repo';
import type { SourceRow } from '../catalog/types';
import type { ScanApi } from '../library/scan-api';

export interface ScanReport {
  queued: number;
  unchanged: number;
  missing: number;
  error?: string;
  permission?: boolean;
}

/** Reset the shared counters when a new import starts after the last one ended. */
export async function beginImport(db: ShoeboxDb): Promise<void> {
  const progress = await readProgress(db);
  const fresh = !progress || ['done', 'cancelled', 'idle', 'error'].includes(progress.state);
  const queued = await db.jobs.count();
  if (fresh) await writeProgress(db, { state: 'scanning', found: queued, done: 0, failed: 0, startedAt: Date.now(), activeMs: 0, message: undefined });
  else await writeProgress(db, { state: 'scanning' });
}

async function queue(db: ShoeboxDb, sourceId: number, entries: readonly ScanEntry[], seen: Set<string>, report: ScanReport) {
  for (const e of entries) seen.add(e.path);
  const result = await applyScanBatch(db, sourceId, entries);
  report.queued += result.queued;
  report.unchanged += result.unchanged;
  if (result.queued) {
    const progress = await readProgress(db);
    await writeProgress(db, { found: (progress?.found ?? 0) + result.queued });
  }
}

/** Walk a granted folder in the scan worker and queue what is new or changed. */
async function scanHandle(db: ShoeboxDb, source: SourceRow & { id: number }, handle: FileSystemDirectoryHandle, seen: Set<string>, report: ScanReport) {
  const worker = new Worker(new URL('../../workers/scan.worker.ts', import.meta.url), { type: 'module', name: 'scan' });
  try {
    const api = wrap<ScanApi>(worker);
    const result = await api.scan(handle, proxy((entries: ScanEntry[]) => queue(db, source.id, entries, seen, report)));
    if (!result.ok) {
      report.error = result.error;
      report.permission = result.permission;
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
  files?: readonly (readonly [string, File])[],
): Promise<ScanReport> {
  const report: ScanReport = { queued: 0, unchanged: 0, missing: 0 };
  const seen = new Set<string>();
  if (source.handle) {
    await scanHandle(db, source, source.handle, seen, report);
  } else if (files) {
    const entries = files.map(([path, file]) => ({ path, size: file.size, mtime: file.lastModified }));
    for (let i = 0; i < entries.length; i += 250) await queue(db, source.id, entries.slice(i, i + 250), seen, report);
  }
  // A scan cut short by an error has not seen everything: nothing may be called missing then.
  if (!report.error) report.missing = await markVanished(db, source.id, seen);
  await updateSource(db, source.id, { lastScanAt: Date.now(), scanError: report.error });
  return report;
}
