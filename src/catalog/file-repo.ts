import Dexie from 'dexie';
import type { ShoeboxDb } from './db';
import { refreshPresence } from './identity';
import { dropPlaceholders } from './placeholder-repo';
import { classify, queuedAsSeen, vanished, type SeenFile } from './scan-diff';
import { restack } from './stack-repo';
import type { FileRow, JobRow } from './types';

export interface ScanEntry extends SeenFile {
  handle?: FileSystemFileHandle;
  sidecar?: SeenFile['sidecar'] & { handle?: FileSystemFileHandle };
}

export interface ScanBatchResult {
  queued: number;
  unchanged: number;
  /** Job rows created, for sources whose files live in memory (input, demo). */
  jobs: JobRow[];
}

/** Thrown inside a batch's transaction that left photos out of its scope but met a file coming back. */
const NEEDS_PHOTOS = new Error('a file came back: its photo is no longer missing');

/**
 * Record one batch of scanned files in a single transaction: one indexed bulk read, then bulk
 * writes. New and changed files get a file row (status pending) and a job; nothing is decoded here.
 *
 * Only a file coming back (missing before) changes its photo. While the source has no missing
 * file, the transaction leaves photos out of its scope: a readwrite transaction holds every table
 * it names, and during an import the grid's reads of photos (the first tiles) waited for each
 * batch of the scan to be written (measured: 0.5–0.7 s a batch of 250 files with their handles).
 * A file found missing meanwhile (another tab) makes the batch start again with photos.
 */
export async function applyScanBatch(db: ShoeboxDb, sourceId: number, entries: readonly ScanEntry[]): Promise<ScanBatchResult> {
  const missing = await db.files.where('[sourceId+status]').equals([sourceId, 'missing']).limit(1).count();
  if (missing) return writeBatch(db, sourceId, entries, true);
  return writeBatch(db, sourceId, entries, false).catch((e: unknown) => {
    if (e === NEEDS_PHOTOS || (e as { inner?: unknown }).inner === NEEDS_PHOTOS) return writeBatch(db, sourceId, entries, true);
    throw e;
  });
}

async function writeBatch(db: ShoeboxDb, sourceId: number, entries: readonly ScanEntry[], withPhotos: boolean): Promise<ScanBatchResult> {
  return db.transaction('rw', withPhotos ? [db.files, db.jobs, db.photos] : [db.files, db.jobs], async () => {
    const keys = entries.map((e) => [sourceId, e.path] as [number, string]);
    const [known, queuedJobs] = await Promise.all([
      db.files.where('[sourceId+path]').anyOf(keys).toArray(),
      db.jobs.where('[sourceId+path]').anyOf(keys).toArray(),
    ]);
    const byPath = new Map(known.map((f) => [f.path, f]));
    const jobByPath = new Map(queuedJobs.map((j) => [j.path, j]));
    const toPut: FileRow[] = [];
    const toQueue: { entry: ScanEntry; row: FileRow; metaOnly: boolean }[] = [];
    let unchanged = 0;
    for (const entry of entries) {
      const row = byPath.get(entry.path);
      const decision = classify(row, entry);
      // Already waiting in the queue (an interrupted import): no second job, unless its sidecar changed.
      const queued = jobByPath.get(entry.path);
      if (decision === 'unchanged' || (decision === 'retry' && queued && row && queuedAsSeen(row, entry))) {
        unchanged++;
        continue;
      }
      if (decision === 'returned' && row) {
        toPut.push({ ...row, status: 'indexed', error: undefined });
        continue;
      }
      const next: FileRow = {
        ...row,
        sourceId,
        path: entry.path,
        size: entry.size,
        mtime: entry.mtime,
        status: 'pending',
        error: undefined,
        // Read again now: the flag is done with.
        reread: undefined,
        sidecar: entry.sidecar && { path: entry.sidecar.path, size: entry.sidecar.size, mtime: entry.sidecar.mtime },
      };
      toPut.push(next);
      // A job replaced for its sidecar alone stays a reading of the metadata, if that is what it was.
      toQueue.push({ entry, row: next, metaOnly: decision === 'sidecar' || (decision === 'retry' && !!queued?.metaOnly) });
    }
    // A file back in its folder: its photo is no longer missing.
    const back = toPut.flatMap((row) => (row.status === 'indexed' && row.hash ? [row.hash] : []));
    if (back.length && !withPhotos) throw NEEDS_PHOTOS;
    const ids = await db.files.bulkPut(toPut, { allKeys: true });
    await refreshPresence(db, back);
    const idByPath = new Map(toPut.map((row, i) => [row.path, ids[i] as number]));
    const jobs: JobRow[] = toQueue.map(({ entry, row, metaOnly }) => ({
      sourceId,
      path: row.path,
      fileId: idByPath.get(row.path) as number,
      // A photo already shown needs no stand-in from its embedded thumbnail.
      peeked: metaOnly ? 1 as const : 0 as const,
      ...(metaOnly ? { metaOnly } : {}),
      ...(entry.handle ? { handle: entry.handle } : {}),
      ...(entry.sidecar?.handle ? { sidecar: entry.sidecar.handle } : {}),
    }));
    // A file that changed while queued: its old job is replaced, and it is still one file to do.
    const replaced = jobs.flatMap((j) => jobByPath.get(j.path)?.id ?? []);
    await db.jobs.bulkDelete(replaced);
    await db.jobs.bulkAdd(jobs);
    return { queued: jobs.length - replaced.length, unchanged, jobs };
  });
}

/**
 * After a full scan: files that were not seen are gone from disk. A path whose bytes still show
 * elsewhere (same hash, indexed) was moved or renamed: its row goes, the photo keeps its data.
 * Otherwise the file is marked missing; its photo keeps all its data until the user removes it.
 * Returns how many became missing.
 */
export async function markVanished(db: ShoeboxDb, sourceId: number, seen: ReadonlySet<string>): Promise<number> {
  return db.transaction('rw', [db.files, db.jobs, db.photos, db.thumbs, db.months], async () => {
    const range = db.files.where('[sourceId+path]').between([sourceId, Dexie.minKey], [sourceId, Dexie.maxKey]);
    const rows = await range.toArray();
    const gone = new Set(vanished(rows.map((r) => r.path), seen));
    const vanishing = rows.filter((r) => gone.has(r.path) && r.status !== 'missing');
    const hashes = [...new Set(vanishing.flatMap((r) => (r.hash ? [r.hash] : [])))];
    const copies = await db.files.where('hash').anyOf(hashes).toArray();
    const elsewhere = new Set(copies.filter((c) => c.status === 'indexed' && !gone.has(c.path)).map((c) => c.hash));
    const moved = vanishing.filter((r) => r.hash && elsewhere.has(r.hash));
    const missing = vanishing
      .filter((r) => !(r.hash && elsewhere.has(r.hash)))
      .map((r) => ({ ...r, status: 'missing' as const, error: 'No longer in the folder (deleted, moved or renamed).' }));
    await db.files.bulkDelete(moved.map((r) => r.id as number));
    await db.files.bulkPut(missing);
    const orphanJobs = await db.jobs.where('[sourceId+path]').anyOf([...gone].map((p) => [sourceId, p])).primaryKeys();
    await db.jobs.bulkDelete(orphanJobs);
    await dropPlaceholders(db, vanishing.map((r) => r.id as number));
    await refreshPresence(db, hashes);
    // A stack's top gone from the folder: another member comes up.
    await restack(db, vanishing);
    return missing.length;
  });
}

/**
 * Every indexed file will be read again at the next scan (models or settings changed). Nothing
 * the person decided is lost: edits, labels and faces' people are kept by the re-index.
 */
export async function markForReindex(db: ShoeboxDb, sourceIds: readonly number[]): Promise<number> {
  return db.files.where('[sourceId+status]').anyOf(sourceIds.map((id) => [id, 'indexed'])).modify({ status: 'pending' });
}

export interface FileCounts {
  indexed: number;
  pending: number;
  failed: number;
  missing: number;
  unsupported: number;
}

export async function fileCounts(db: ShoeboxDb): Promise<FileCounts> {
  const [indexed, pending, failed, missing, unsupported] = await Promise.all(
    (['indexed', 'pending', 'failed', 'missing', 'unsupported'] as const).map((s) =>
      db.files.where('status').equals(s).count(),
    ),
  );
  return {
    indexed: indexed ?? 0,
    pending: pending ?? 0,
    failed: failed ?? 0,
    missing: missing ?? 0,
    unsupported: unsupported ?? 0,
  };
}

/** Files that need a person's attention, through the status index (no table scan). */
export async function problemFiles(db: ShoeboxDb, limit = 500): Promise<FileRow[]> {
  return db.files.where('status').anyOf('failed', 'missing', 'unsupported').limit(limit).toArray();
}

/** Every file that shows a photo, to open its original or list where it lives. */
export async function filesOfPhoto(db: ShoeboxDb, hash: string): Promise<FileRow[]> {
  return db.files.where('hash').equals(hash).toArray();
}
