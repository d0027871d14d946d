import type { ShoeboxDb } from './db';
import type { JobRow, SourceKind, SourceRow } from './types';

export async function listSources(db: ShoeboxDb): Promise<SourceRow[]> {
  return db.sources.toArray();
}

export async function getSource(db: ShoeboxDb, id: number): Promise<SourceRow | undefined> {
  return db.sources.get(id);
}

/**
 * Add a source, or return the existing one for the same folder: a folder granted twice is one
 * source (`isSameEntry` for handles). A source without a handle (picked through the fallback input,
 * or brought by a catalogue import) is adopted by a folder of the same name: its files are known,
 * so the scan that follows decodes nothing unchanged.
 */
export async function addSource(
  db: ShoeboxDb,
  source: { name: string; kind: SourceKind; handle?: FileSystemDirectoryHandle },
): Promise<SourceRow & { id: number }> {
  // `isSameEntry` is not IndexedDB, so the look-up and the add cannot share a transaction (it
  // would commit at the first await): a lock makes them one step across this tab and others.
  return exclusively(`${SOURCES_LOCK}:${db.name}`, () => findOrAddSource(db, source));
}

/** Only one tab at a time adds a folder (Web Locks); without them (tests in Node), one call at a time here. */
const SOURCES_LOCK = 'shoebox-sources';
let queue: Promise<unknown> = Promise.resolve();
function exclusively<T>(name: string, run: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (locks) return locks.request(name, run) as Promise<T>;
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

async function findOrAddSource(db: ShoeboxDb, source: { name: string; kind: SourceKind; handle?: FileSystemDirectoryHandle }): Promise<SourceRow & { id: number }> {
  const existing = await db.sources.toArray();
  for (const row of existing) {
    if (row.id === undefined) continue;
    const same = row.handle
      ? !!source.handle && (await row.handle.isSameEntry(source.handle))
      : row.name === source.name && (row.kind === source.kind || row.kind === 'input');
    if (same) {
      if (source.handle) await db.sources.update(row.id, { kind: source.kind, handle: source.handle });
      return { ...row, ...source, id: row.id };
    }
  }
  const row: SourceRow = { ...source, addedAt: Date.now() };
  const id = (await db.sources.add(row)) as number;
  return { ...row, id };
}

export async function updateSource(db: ShoeboxDb, id: number, patch: Partial<SourceRow>): Promise<void> {
  await db.sources.update(id, patch);
}

export async function pendingJobs(db: ShoeboxDb, afterId: number, limit: number): Promise<JobRow[]> {
  return db.jobs.where('id').above(afterId).limit(limit).toArray();
}

/** How many jobs are queued after `afterId`, counted up to `most` (keys only). */
export async function queuedAfter(db: ShoeboxDb, afterId: number, most: number): Promise<number> {
  return (await db.jobs.where('id').above(afterId).limit(most).primaryKeys()).length;
}
