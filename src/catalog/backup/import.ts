import { readPixelSize } from '../../imaging/image-size';
import type { ShoeboxDb } from '../db';
import { nameImporter } from '../face-repo';
import { recountLabels } from '../label-repo';
import { mergeEdits } from '../identity';
import { monthOf, monthSpan, recountMonths } from '../timeline-repo';
import { placeBursts, restack } from '../stack-repo';
import { userBurstKey } from '../stack-rules';
import type { AlbumRecord, FileRow, FileStatus, ImportUndoStep, PhotoRow, TaughtRow } from '../types';
import { joinAlbumRecords } from '../album-manage';
import { joinTaught } from '../taught-repo';
import { composed, sameEdits } from './compose';
import { ImportError, PAGE, type BackupProgress, type FileRecord, type PhotoRecord, type RecordKind, type SourceRecord } from './format';
import { eachStep, forgetJournal, Journal, rollbackImport, withImportLock } from './journal';
import { openBackup, type BackupReader, type BackupTile } from './read';

export interface ImportSummary {
  photos: number;
  added: number;
  files: number;
}

interface Options {
  signal?: AbortSignal;
  onProgress?: (p: BackupProgress) => void;
  /** The file's name, for messages. */
  name?: string;
}

/**
 * Bring a backup into this browser, all or nothing. A first pass reads every record and checks it
 * (a bad one anywhere, even the last line, stops the import before anything is written); a second
 * writes in batches under the undo journal (journal.ts) and commits at the end. Photos already
 * here keep their own edits and gain the backup's where they have none; labels, label and month
 * counts and people are recomputed from what was brought.
 */
export async function importBackup(db: ShoeboxDb, file: Blob, options: Options = {}): Promise<ImportSummary> {
  const backup = await openBackup(file, options.name);
  try {
    await checkEverything(backup, options);
    return await withImportLock(() => writeEverything(db, backup, options));
  } finally {
    await backup.close();
  }
}

async function checkEverything(backup: BackupReader, { signal, onProgress }: Options): Promise<void> {
  let done = 0;
  for (const kind of ['sources', 'photos', 'names', 'files', 'albums', 'taught'] as const) {
    const records = backup.records(kind, signal);
    while (!(await records.next()).done) {
      if (++done % PAGE === 0) {
        signal?.throwIfAborted();
        onProgress?.({ phase: 'checking', done: Math.min(done, backup.photoCount), total: backup.photoCount });
      }
    }
  }
  // A tile's picture is checked as it is written.
  await backup.checkTiles(signal);
}

async function* batches<T>(items: AsyncIterable<T>, size = PAGE): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** What the batches touched, recounted at the commit: a few hundred names and months at most. */
interface Touched {
  labels: Set<string>;
  categories: Set<string>;
  months: Set<number>;
}

async function writeEverything(db: ShoeboxDb, backup: BackupReader, { signal, onProgress }: Options): Promise<ImportSummary> {
  await rollbackImport(db);
  const journal = new Journal(db);
  const touched: Touched = { labels: new Set(), categories: new Set(), months: new Set() };
  const summary: ImportSummary = { photos: 0, added: 0, files: 0 };
  const step = <K extends RecordKind>(kind: K) => batches(backup.records(kind, signal));
  const progress = (phase: BackupProgress['phase'], done: number) => onProgress?.({ phase, done, total: backup.photoCount });
  try {
    const sourceIds = await writeSources(db, journal, step('sources'));
    for await (const batch of step('photos')) {
      signal?.throwIfAborted();
      summary.added += await writePhotos(db, journal, batch, touched);
      summary.photos += batch.length;
      progress('photos', summary.photos);
    }
    for await (const names of step('names')) {
      await journal.batch([], async () => ({ names: names.map((n) => ({ photoId: n.photo, box: n.box, name: n.name })) }));
    }
    let tiles = 0;
    for await (const batch of batches(backup.tiles(signal), TILE_BATCH)) {
      signal?.throwIfAborted();
      await writeTiles(db, journal, batch);
      progress('tiles', (tiles += batch.length));
    }
    for await (const batch of step('files')) {
      signal?.throwIfAborted();
      summary.files += await writeFiles(db, journal, batch, sourceIds);
    }
    // Albums' own settings (a few hundred at most) are joined at the commit, with the names.
    const albums: AlbumRecord[] = [];
    for await (const record of backup.records('albums', signal)) albums.push(record);
    const taught: TaughtRow[] = [];
    for await (const record of backup.records('taught', signal)) taught.push(record);
    progress('finishing', summary.photos);
    signal?.throwIfAborted();
    await commit(db, touched, albums, taught);
    return summary;
  } catch (e) {
    await rollbackImport(db);
    throw e;
  }
}

async function writeSources(db: ShoeboxDb, journal: Journal, records: AsyncIterable<SourceRecord[]>): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for await (const batch of records) {
    await journal.batch([db.sources], async () => {
      const local = await db.sources.toArray();
      const added: number[] = [];
      for (const s of batch) {
        const match = local.find((l) => l.name === s.name && l.id !== undefined)?.id ?? ids.get(s.name);
        if (match !== undefined) ids.set(s.name, match);
        else {
          const id = (await db.sources.add({ name: s.name, kind: s.kind === 'demo' ? 'demo' : 'input', addedAt: Date.now() })) as number;
          ids.set(s.name, id);
          added.push(id);
        }
      }
      return { sourcesAdded: added };
    });
  }
  return ids;
}

async function writePhotos(db: ShoeboxDb, journal: Journal, batch: PhotoRecord[], touched: Touched): Promise<number> {
  let added = 0;
  await journal.batch([db.photos], async () => {
    const here = await db.photos.bulkGet(batch.map((p) => p.id));
    const rows: PhotoRow[] = [];
    const before: PhotoRow[] = [];
    const written: ImportUndoStep['editsWritten'] & object = [];
    const fresh: string[] = [];
    batch.forEach((p, i) => {
      const mine = here[i];
      if (!mine) {
        fresh.push(p.id);
        rows.push(composed(p, p.userEdits));
        return;
      }
      // The person's own edits here win; the backup's fill the rest, and lists (albums, labels
      // added or removed) are joined: the rule two photos becoming one follows (identity.ts).
      const edits = mergeEdits(p.userEdits, mine.userEdits) ?? {};
      if (sameEdits(edits, mine.userEdits)) return;
      before.push(mine);
      written.push(edits);
      rows.push(composed(mine, edits));
    });
    await db.photos.bulkPut(rows);
    // Bursts the person stacked are placed from their frames' edits (stacks of files, when the files arrive).
    await placeBursts(db.photos, rows.flatMap((r) => (r.userEdits?.burst ? [userBurstKey(r.userEdits.burst)] : [])));
    for (const row of [...rows, ...before]) {
      for (const l of row.labels) touched.labels.add(l);
      for (const c of row.categories) touched.categories.add(c);
      touched.months.add(monthOf(row.takenAt));
    }
    added = fresh.length;
    return { photosAdded: fresh, photosBefore: before, editsWritten: written };
  });
  return added;
}

/** Tiles written per transaction: a few MB of pictures held at once. */
const TILE_BATCH = 200;

async function writeTiles(db: ShoeboxDb, journal: Journal, batch: BackupTile[]): Promise<void> {
  // Sizes come from each picture's header, read before the transaction (a Blob read is not IndexedDB).
  const sized = await Promise.all(batch.map(async (t) => {
    const size = readPixelSize(t.blob.type, t.bytes ?? new Uint8Array(await t.blob.slice(0, 65536).arrayBuffer()));
    if (!size?.width || !size.height) throw new ImportError(`${t.name} is not a picture Shoebox can read.`);
    return { id: t.id, blob: t.blob, ...size };
  }));
  await journal.batch([db.thumbs, db.photos], async () => {
    const ids = sized.map((t) => t.id);
    const photos = new Set(await db.photos.where(':id').anyOf(ids).primaryKeys());
    const have = new Set(await db.thumbs.where(':id').anyOf(ids).primaryKeys());
    // A photo keeps the tile it has here; a tile without its photo is not kept.
    const add = sized.filter((t) => photos.has(t.id) && !have.has(t.id) && have.add(t.id));
    await db.thumbs.bulkAdd(add);
    return { thumbsAdded: add.map((t) => t.id) };
  });
}

async function writeFiles(db: ShoeboxDb, journal: Journal, batch: FileRecord[], sourceIds: Map<string, number>): Promise<number> {
  let count = 0;
  await journal.batch([db.files, db.thumbs, db.photos, db.months], async () => {
    const keys = batch.flatMap((f) => (sourceIds.has(f.source) ? [[sourceIds.get(f.source) as number, f.path] as [number, string]] : []));
    const present = (await db.files.where('[sourceId+path]').anyOf(keys).keys()) as unknown as [number, string][];
    const known = new Set(present.map(([id, path]) => `${id}\u0000${path}`));
    const hashes = [...new Set(batch.flatMap((f) => f.hash ?? []))];
    const shown = new Set(await db.thumbs.where(':id').anyOf(hashes).primaryKeys());
    const rows: FileRow[] = batch.flatMap((f) => {
      const sourceId = sourceIds.get(f.source);
      const key = `${sourceId}\u0000${f.path}`;
      if (sourceId === undefined || known.has(key)) return [];
      known.add(key);
      // A file whose photo has no tile here must be read again when its folder is granted.
      const status: FileStatus = f.status === 'indexed' && !(f.hash && shown.has(f.hash)) ? 'pending' : f.status;
      return [{ sourceId, path: f.path, size: f.size, mtime: f.mtime, hash: f.hash, status, error: f.error, mediaType: f.mediaType, shot: f.shot, pairedShot: f.pairedShot }];
    });
    const ids = (await db.files.bulkAdd(rows, { allKeys: true })) as number[];
    count = ids.length;
    // Stacks and Live Photos are placed from the files, by the person's choices on the photos.
    await restack(db, rows);
    return { filesAdded: ids };
  });
  return count;
}

/** The commit: counts, names, albums' and taught labels' records and the journal's end in one transaction. */
async function commit(db: ShoeboxDb, touched: Touched, albums: AlbumRecord[], taught: TaughtRow[]): Promise<void> {
  const tables = [db.photos, db.months, db.labelCounts, db.faces, db.people, db.clusters, db.faceHints, db.settings, db.taught];
  await db.transaction('rw', tables, async () => {
    await recountMonths(db, [...touched.months].map((m) => monthSpan(m)[0]));
    await recountLabels(db, [{ labels: [...touched.labels], categories: [...touched.categories] }]);
    // Clusters are read and written once for all the names, not once per journal step.
    const names = nameImporter(db);
    await eachStep(db, async (step) => names.add(step.names ?? []));
    await names.finish();
    // An album set up here already keeps its cover and order; one only the backup knows arrives.
    await joinAlbumRecords(db, albums);
    await joinTaught(db, taught);
    await forgetJournal(db);
  });
}
