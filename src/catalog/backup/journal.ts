import type { Table } from 'dexie';
import type { ShoeboxDb } from '../db';
import { recountLabels } from '../label-repo';
import { recountMonths } from '../timeline-repo';
import type { ImportUndoStep, PhotoRow, SettingRow } from '../types';
import { composed, editsSince, sameEdits } from './compose';

/**
 * How an import stays all-or-nothing without holding the backup in memory or one transaction
 * open for minutes: every batch is written in its own transaction, and that same transaction
 * records how to undo it (a row `importUndo:<n>` in the settings table: ids it added, photos as
 * they were before it changed them). The import ends with one transaction that recounts what
 * depends on the photos, applies the names and deletes the journal: that is the commit. Before
 * it, any failure (storage full, a damaged tile, Cancel) undoes the batches newest first; a tab
 * closed mid-import leaves its journal behind, and the next start-up undoes it. A running import
 * holds a Web Lock, so another tab starting up never undoes an import that is still going.
 */
const PREFIX = 'importUndo:';
const LOCK = 'shoebox-backup-import';

type Journaled = Table<SettingRow, string>;
const steps = (db: ShoeboxDb) => db.settings.where('key').startsWith(PREFIX);

export class Journal {
  private seq = 0;
  constructor(private readonly db: ShoeboxDb) {}

  /** Run one batch in a transaction over `tables` (and the journal); `write` returns how to undo it. */
  async batch(tables: Table[], write: () => Promise<ImportUndoStep>): Promise<void> {
    const key = `${PREFIX}${String(++this.seq).padStart(9, '0')}` as const;
    await this.db.transaction('rw', [...tables, this.db.settings], async () => {
      const step = await write();
      if (Object.values(step).some((list) => (list as unknown[]).length)) await (this.db.settings as Journaled).put({ key, value: step });
    });
  }
}

/** The journal's steps, a few at a time (a step may hold a batch of photos as they were). */
export async function eachStep(db: ShoeboxDb, visit: (step: ImportUndoStep) => Promise<void>): Promise<void> {
  let after = PREFIX;
  for (;;) {
    const rows = await db.settings.where('key').between(after, `${PREFIX}\uffff`, false, false).limit(20).toArray();
    for (const row of rows) await visit(row.value as ImportUndoStep);
    if (rows.length < 20) return;
    after = (rows[rows.length - 1] as SettingRow).key;
  }
}

/** The import is kept: its journal goes (inside the caller's commit transaction). */
export async function forgetJournal(db: ShoeboxDb): Promise<void> {
  await steps(db).delete();
}

/** Undo every journaled batch, newest first, each in its own transaction. Returns how many. */
export async function rollbackImport(db: ShoeboxDb): Promise<number> {
  let undone = 0;
  for (;;) {
    const done = await db.transaction('rw', [db.photos, db.thumbs, db.files, db.sources, db.settings, db.months, db.labelCounts], async () => {
      const row = await steps(db).last();
      if (!row) return true;
      const step = row.value as ImportUndoStep;
      // Files are undone before the photos they show (they were written after them). A photo the
      // indexer has meanwhile written for a real file of its own stays.
      const added = step.photosAdded ?? [];
      const shown = new Set((await db.files.where('hash').anyOf(added).toArray()).map((f) => f.hash));
      const going = (await db.photos.bulkGet(added.filter((id) => !shown.has(id)))).flatMap((p) => p ?? []);
      const before = step.photosBefore ?? [];
      const now = await db.photos.bulkGet(before.map((p) => p.id));
      const changed = now.flatMap((p) => p ?? []);
      const restored = before.map((b, i) => restore(b, step.editsWritten, i, now[i]));
      await db.photos.bulkDelete(going.map((p) => p.id));
      await db.photos.bulkPut(restored);
      // What depends on the photos follows them back (months and labels the import touched).
      const touched = [...going, ...changed, ...restored];
      await recountMonths(db, touched.map((p) => p.takenAt));
      await recountLabels(db, touched);
      const tiles = step.thumbsAdded ?? [];
      const tiled = new Set((await db.files.where('hash').anyOf(tiles).toArray()).map((f) => f.hash));
      await db.thumbs.bulkDelete(tiles.filter((id) => !tiled.has(id)));
      await db.files.bulkDelete(step.filesAdded ?? []);
      await db.sources.bulkDelete(step.sourcesAdded ?? []);
      await db.settings.delete(row.key);
      return false;
    });
    if (done) return undone;
    undone++;
  }
}

/** A photo as it was before the import, with the edits the person made to it since (journals older than editsWritten: as it was). */
function restore(before: PhotoRow, written: ImportUndoStep['editsWritten'], i: number, now: PhotoRow | undefined): PhotoRow {
  if (!written || i >= written.length || !now || sameEdits(now.userEdits, written[i])) return before;
  return composed(withoutEdits(before), editsSince(before.userEdits, written[i], now.userEdits));
}

const withoutEdits = ({ userEdits: _, ...rest }: PhotoRow): PhotoRow => rest;

/** Run an import holding the import lock (one at a time across tabs). */
export async function withImportLock<T>(run: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  return locks ? locks.request(LOCK, run) : run();
}

/** At start-up: undo an import a closed tab left half done, unless another tab is still running it. */
export async function recoverInterruptedImport(db: ShoeboxDb): Promise<number> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return rollbackImport(db);
  return locks.request(LOCK, { ifAvailable: true }, (lock) => (lock ? rollbackImport(db) : 0));
}
