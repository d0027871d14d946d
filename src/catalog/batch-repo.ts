import type { ShoeboxDb } from './db';
import { applyEdits } from './photo-repo';
import { albumNames, sameAlbum } from './album-repo';
import { restoreAlbumName, type AlbumNameChange } from './album-manage';
import { recountMonths } from './timeline-repo';
import type { PhotoRow, UserEdits } from './types';
import { describeLabel, labelled, labelName, recountLabel, unlabelled, type LabelBefore, type LabelChange } from './batch-labels';
import { describeFields, fieldEdits, isFieldsChange, restoreFields, withFields, type FieldsBefore, type FieldsChange } from './batch-edits';

/** What a batch may change: each is the person's edit (`userEdits`) and the field it shows in. */
export type BatchField = 'favorite' | 'rating' | 'private' | 'archived' | 'albums' | 'date' | 'text' | 'rotate' | 'labels' | 'place';

export type BatchChange =
  | { kind: 'favorite' | 'private' | 'archived'; value: boolean }
  | { kind: 'rating'; value: number }
  | { kind: 'album'; name: string; add: boolean }
  | LabelChange
  | FieldsChange;
/** A change of one field, undone from the photo's value before. */
type OneField = Exclude<BatchChange, FieldsChange | LabelChange>;

/** One photo as it was before a batch changed it: the edit (if any) and the field's value. */
export interface BeforeBatch {
  id: string;
  hadEdit: boolean;
  edit?: unknown;
  value?: unknown;
  /** A change of several fields (the date and its zone, the title and caption): each as it was. */
  fields?: FieldsBefore;
}

/** A batch in the undo journal; its photos' former state is in `undo`, one row per chunk. */
export interface BatchRow {
  id?: number;
  /** For the person: "Archived 3 photos". */
  label: string;
  field: BatchField;
  /** Photos it changed so far. */
  count: number;
  /** `running` until its last chunk lands; a running batch nobody finishes is rolled back. */
  state: 'running' | 'done';
  at: number;
  updatedAt: number;
  /** An album renamed (`to`) or deleted (album-manage.ts): the view follows its undo. */
  album?: { from: string; to?: string };
}

export interface UndoChunk {
  id?: number;
  batch: number;
  field: BatchField;
  /** What the batch did (undo leaves a photo changed since as it is now). */
  change?: BatchChange | AlbumNameChange;
  before: BeforeBatch[];
}

export interface BatchOptions {
  /** Photos per transaction: each stays short, so the UI and other tabs are never held up. */
  chunk?: number;
  onProgress?: (done: number, total: number) => void;
}

/** 500 photos per transaction: a few ms of work each (tests/bench: organise.batch_10k_ms). */
const CHUNK = 500;
/** How many batches the journal keeps for undo. */
const KEEP = 20;
/** A running batch not heard from for this long was left by a closed tab: it is rolled back. */
const STALE_MS = 60_000;

const fieldOf = (change: BatchChange): BatchField => (change.kind === 'album' ? 'albums' : change.kind === 'label' ? 'labels' : change.kind);
/** Fields that move photos in or out of a month (a date moves them between months). */
const TIMELINE_FIELDS = new Set<BatchField>(['private', 'archived', 'date']);

function describe(change: BatchChange, n: number): string {
  const photos = `${n.toLocaleString('en')} ${n === 1 ? 'photo' : 'photos'}`;
  switch (change.kind) {
    case 'favorite': return `${change.value ? 'Favourited' : 'Unfavourited'} ${photos}`;
    case 'private': return `Made ${photos} ${change.value ? 'private' : 'not private'}`;
    case 'archived': return `${change.value ? 'Archived' : 'Unarchived'} ${photos}`;
    case 'rating': return `Rated ${photos} ${change.value} ${change.value === 1 ? 'star' : 'stars'}`;
    case 'album': return change.add ? `Added ${photos} to ${change.name}` : `Took ${photos} out of ${change.name}`;
    case 'label': return describeLabel(change, photos);
    case 'date': case 'text': case 'rotate': case 'place': return describeFields(change, photos);
  }
}

/** The field's new value for one photo, or undefined when the photo already has it. */
function nextValue(photo: PhotoRow, change: OneField): unknown {
  if (change.kind !== 'album') return photo[change.kind] === change.value || (change.kind !== 'rating' && !photo[change.kind] && !change.value) ? undefined : change.value;
  const albums = photo.albums ?? [];
  const has = albums.some((a) => sameAlbum(a, change.name));
  if (change.add) return has ? undefined : [...albums, change.name];
  return has ? albums.filter((a) => !sameAlbum(a, change.name)) : undefined;
}

/**
 * Change many photos as the person's edit, in transactions of `chunk` photos, each of which writes
 * the photos and what they were (the undo journal) together. A failure rolls back the chunks that
 * landed, so no batch is ever half-applied; the journal keeps the batch for `undoBatch`.
 */
export async function applyBatch(db: ShoeboxDb, ids: readonly string[], change: BatchChange, options: BatchOptions = {}): Promise<BatchRow> {
  const size = options.chunk ?? CHUNK;
  const field = fieldOf(change);
  if (change.kind === 'album') {
    const name = change.name.trim();
    if (!name) throw new Error('An album needs a name.');
    // An existing album keeps the spelling it was created with.
    change = { ...change, name: (await albumNames(db)).find((n) => sameAlbum(n, name)) ?? name };
  }
  if (change.kind === 'label' && !labelName(change.name)) throw new Error('A label needs a name.');
  const now = Date.now();
  const batch: BatchRow = { label: describe(change, ids.length), field, count: 0, state: 'running', at: now, updatedAt: now };
  const id = (batch.id = (await db.batches.add(batch)) as number);
  try {
    for (let at = 0; at < ids.length; at += size) {
      batch.count += await applyChunk(db, batch, ids.slice(at, at + size), change);
      options.onProgress?.(Math.min(ids.length, at + size), ids.length);
    }
    batch.label = describe(change, batch.count);
    // A batch that changed nothing (all were favourites already) is nothing to undo.
    if (!batch.count) await db.batches.delete(id);
    else await db.batches.put({ ...batch, state: 'done', updatedAt: Date.now() });
  } catch (e) {
    await rollBack(db, id);
    throw e;
  }
  await prune(db);
  return { ...batch, state: 'done' };
}

/** One photo with the change made, and what it was; undefined when it has the change already. */
function changed(photo: PhotoRow, change: BatchChange): { row: PhotoRow; before: BeforeBatch } | undefined {
  if (isFieldsChange(change)) {
    const edits = fieldEdits(photo, change);
    if (!edits) return undefined;
    const { row, before: fields } = withFields(photo, edits);
    return { row, before: { id: photo.id, hadEdit: false, fields } };
  }
  if (change.kind === 'label') {
    const one = labelled(photo, change);
    return one && { row: one.row, before: { id: photo.id, hadEdit: false, edit: one.before } };
  }
  const value = nextValue(photo, change);
  if (value === undefined) return undefined;
  const field = change.kind === 'album' ? 'albums' : change.kind;
  const edits = photo.userEdits ?? {};
  const userEdits: UserEdits = { ...edits, [field]: value };
  return { row: applyEdits({ ...photo, userEdits }, userEdits), before: { id: photo.id, hadEdit: field in edits, edit: edits[field], value: photo[field] } };
}

async function applyChunk(db: ShoeboxDb, batch: BatchRow, ids: string[], change: BatchChange): Promise<number> {
  const field = batch.field;
  return db.transaction('rw', [db.photos, db.months, db.labelCounts, db.undo, db.batches], async () => {
    const rows = (await db.photos.bulkGet(ids)).filter((p): p is PhotoRow => !!p && !p.provisional);
    const before: BeforeBatch[] = [];
    const next: PhotoRow[] = [];
    for (const photo of rows) {
      const one = changed(photo, change);
      if (!one) continue;
      before.push(one.before);
      next.push(one.row);
    }
    if (!next.length) return 0;
    await db.photos.bulkPut(next);
    // The months they left, and the months they joined.
    if (TIMELINE_FIELDS.has(field)) await recountMonths(db, [...rows, ...next].map((p) => p.takenAt));
    if (change.kind === 'label') await recountLabel(db, change);
    await db.undo.add({ batch: batch.id as number, field, change, before });
    await db.batches.update(batch.id as number, { count: batch.count + next.length, updatedAt: Date.now() });
    return next.length;
  });
}

/**
 * One photo as it was before the batch, unless the person changed the field since (a rating set
 * in the viewer after the batch stays): undefined then. An album batch is undone on the photo's
 * albums as they are now, so an album added since stays too.
 */
function restored(photo: PhotoRow, b: BeforeBatch, field: BatchField, change: OneField | undefined): PhotoRow | undefined {
  const userEdits: Record<string, unknown> = { ...photo.userEdits };
  const row: Record<string, unknown> = { ...photo, userEdits };
  const asBefore = () => {
    if (b.hadEdit) userEdits[field] = b.edit;
    else delete userEdits[field];
    if (b.value === undefined) delete row[field];
    else row[field] = b.value;
  };
  if (change?.kind === 'album') {
    const albums = photo.albums ?? [];
    if (albums.some((a) => sameAlbum(a, change.name)) !== change.add) return undefined;
    const next = change.add ? albums.filter((a) => !sameAlbum(a, change.name)) : [...albums, change.name];
    const was = (b.value as string[] | undefined) ?? [];
    if (next.length === was.length && next.every((a) => was.includes(a))) asBefore();
    else userEdits.albums = next;
  } else {
    if (change && photo.userEdits?.[change.kind] !== change.value) return undefined;
    asBefore();
  }
  return applyEdits(row as unknown as PhotoRow, userEdits as UserEdits);
}

/** Put one chunk's photos back as they were, and forget the chunk: one transaction. */
async function restoreChunk(db: ShoeboxDb, chunkId: number): Promise<number> {
  return db.transaction('rw', [db.photos, db.months, db.labelCounts, db.undo, db.settings], async () => {
    const chunk = await db.undo.get(chunkId);
    if (!chunk) return 0;
    const { field } = chunk;
    const rows = await db.photos.bulkGet(chunk.before.map((b) => b.id));
    if (chunk.change?.kind === 'albumName') {
      const back = await restoreAlbumName(db, chunk.change, chunk.before, rows);
      await db.photos.bulkPut(back);
      await db.undo.delete(chunkId);
      return back.length;
    }
    // A photo removed from the library since, or changed since, is left as it is.
    const labels = chunk.change?.kind === 'label' ? chunk.change : undefined;
    const change = chunk.change && !isFieldsChange(chunk.change) && chunk.change.kind !== 'label' ? chunk.change : undefined;
    const back = chunk.before.flatMap((b, i) => {
      const photo = rows[i];
      const row = photo && (b.fields ? restoreFields(photo, b.fields) : labels ? unlabelled(photo, labels, b.edit as LabelBefore) : restored(photo, b, field, change));
      return row ? [row] : [];
    });
    await db.photos.bulkPut(back);
    const now = rows.flatMap((p) => (p ? [p.takenAt] : []));
    if (TIMELINE_FIELDS.has(field)) await recountMonths(db, [...now, ...back.map((p) => p.takenAt)]);
    if (labels) await recountLabel(db, labels);
    await db.undo.delete(chunkId);
    return back.length;
  });
}

async function rollBack(db: ShoeboxDb, batchId: number, onProgress?: BatchOptions['onProgress']): Promise<void> {
  const chunks = (await db.undo.where('batch').equals(batchId).primaryKeys()) as number[];
  // Newest chunk first, as the batch wrote them.
  for (const [k, id] of chunks.reverse().entries()) {
    await restoreChunk(db, id);
    onProgress?.(k + 1, chunks.length);
  }
  await db.batches.delete(batchId);
}

/** The last batch that can be undone (survives a reload), if any. */
export async function lastBatch(db: ShoeboxDb): Promise<BatchRow | undefined> {
  return db.batches.where('state').equals('done').last();
}

/** Undo a finished batch: its photos go back to what they were, chunk by chunk. */
export async function undoBatch(db: ShoeboxDb, batchId: number, onProgress?: BatchOptions['onProgress']): Promise<void> {
  // Claimed first, so a second undo (another tab, a double Ctrl+Z) finds nothing to do.
  const claimed = await db.transaction('rw', db.batches, async () => {
    const batch = await db.batches.get(batchId);
    if (batch?.state !== 'done') return false;
    await db.batches.put({ ...batch, state: 'running', updatedAt: Date.now() });
    return true;
  });
  if (claimed) await rollBack(db, batchId, onProgress);
}

/** Roll back batches a closed tab left running (the page calls it at start). */
export async function recoverBatches(db: ShoeboxDb, now = Date.now()): Promise<void> {
  const stale = await db.batches.where('state').equals('running').filter((b) => now - b.updatedAt > STALE_MS).primaryKeys();
  for (const id of stale as number[]) await rollBack(db, id);
}

/** Keep the last KEEP batches. */
async function prune(db: ShoeboxDb): Promise<void> {
  const done = (await db.batches.where('state').equals('done').primaryKeys()) as number[];
  for (const id of done.slice(0, Math.max(0, done.length - KEEP))) {
    await db.transaction('rw', [db.undo, db.batches], async () => {
      await db.undo.where('batch').equals(id).delete();
      await db.batches.delete(id);
    });
  }
}
