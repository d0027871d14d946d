import type { ShoeboxDb } from './db';
import { recountLabels, withLabelEdits } from './label-repo';
import { refreshPresence } from './identity';
import { NO_PICTURE, groupNear, hashOfKey } from './near-duplicates';
import { applyEdits } from './photo-repo';
import { recountMonths } from './timeline-repo';
import type { FileRow, KeepUndo, PhotoRow, SourceRow, UserEdits } from './types';
import { byVisibility, shownLevels } from './visibility';

/**
 * The Duplicates view's reads and its one write. Near duplicates (near-duplicates.ts) are found
 * from the `dupKeys` index's keys alone; only the photos in a group are read. "Keep this one" hides
 * the others under the keeper (`duplicateOf`, the person's edit: hidden like a folded stack member,
 * visibility.ts) and merges their edits into it, in one transaction that can be undone.
 */

/** One file showing a photo, as the view lists it. */
export interface CopyFile {
  path: string;
  /** The granted folder's name. */
  source: string;
  size: number;
}

export interface DuplicateMember {
  photo: PhotoRow;
  files: CopyFile[];
}

export interface DuplicateGroup {
  /** The suggested keeper first, then the others as `suggestedOrder` ranks them. */
  members: DuplicateMember[];
}

const hasEdits = (p: PhotoRow) => Object.values(p.userEdits ?? {}).some((v) => v !== undefined && !(Array.isArray(v) && !v.length));

/** Which to keep first: the most pixels, then the oldest (taken, then added), then the one with the person's edits. */
export function suggestedOrder(a: PhotoRow, b: PhotoRow): number {
  return b.width * b.height - a.width * a.height || a.takenAt - b.takenAt || a.addedAt - b.addedAt || Number(hasEdits(b)) - Number(hasEdits(a)) || a.id.localeCompare(b.id);
}

/** Files by photo id, with their folders' names, for the photos asked (through `files.hash`). */
export async function filesOf(db: ShoeboxDb, ids: readonly string[]): Promise<Map<string, CopyFile[]>> {
  const [files, sources] = await Promise.all([db.files.where('hash').anyOf([...ids]).toArray(), db.sources.toArray()]);
  const names = new Map(sources.map((s) => [s.id, s.name]));
  const out = new Map<string, CopyFile[]>();
  for (const f of files.sort((a, b) => a.path.localeCompare(b.path))) {
    if (f.status === 'missing' || !f.hash) continue;
    const list = out.get(f.hash) ?? [];
    list.push({ path: f.path, source: names.get(f.sourceId) ?? '', size: f.size });
    out.set(f.hash, list);
  }
  return out;
}

/**
 * Groups of near duplicates among the photos the timeline shows (private ones only when shown;
 * folded stack members, archived photos and duplicates already hidden are left out), newest first.
 */
export async function nearDuplicateGroups(db: ShoeboxDb, includePrivate: boolean): Promise<DuplicateGroup[]> {
  return db.transaction('r', [db.photos, db.files, db.sources], async () => {
    const band = db.photos.where('dupKeys').startsWith('0');
    const [keys, ids] = await Promise.all([band.keys(), band.primaryKeys()]);
    const groups = groupNear(ids.map((id, i) => ({ id: id as string, hash: hashOfKey(keys[i] as string) })));
    const rows = new Map((await db.photos.bulkGet(groups.flat())).flatMap((p) => (p ? [[p.id, p] as const] : [])));
    const shown = new Set<number>(shownLevels(includePrivate));
    const kept = groups
      .map((g) => g.flatMap((id) => rows.get(id) ?? []).filter((p) => shown.has(p.hidden) && !p.provisional).sort(suggestedOrder))
      .filter((g) => g.length > 1);
    const files = await filesOf(db, kept.flat().map((p) => p.id));
    return kept
      .sort((a, b) => (b[0] as PhotoRow).takenAt - (a[0] as PhotoRow).takenAt)
      .map((g) => ({ members: g.map((photo) => ({ photo, files: files.get(photo.id) ?? [] })) }));
  });
}

/** Photos shown by more than one file (the same bytes in several places): found through `files.hash`, keys first. */
export async function exactCopies(db: ShoeboxDb, includePrivate: boolean): Promise<DuplicateMember[]> {
  return db.transaction('r', [db.photos, db.files, db.sources], async () => {
    const hashes = (await db.files.orderBy('hash').keys()) as string[];
    const twice = [...new Set(hashes.filter((h, i) => h === hashes[i + 1]))];
    const files = await filesOf(db, twice);
    const shown = new Set<number>(shownLevels(includePrivate));
    const photos = (await db.photos.bulkGet(twice.filter((h) => (files.get(h)?.length ?? 0) > 1))).flatMap((p) => (p && shown.has(p.hidden) ? [p] : []));
    return photos.sort((a, b) => b.takenAt - a.takenAt).map((photo) => ({ photo, files: files.get(photo.id) ?? [] }));
  });
}

/** The keeper's edits with the others' merged in: its own rating, title and caption win; favourite, albums and labels join. */
export function mergedEdits(keeper: PhotoRow, others: readonly PhotoRow[]): UserEdits {
  const all = [keeper, ...others].map((p) => p.userEdits ?? {});
  const first = <K extends 'title' | 'description'>(key: K) => all.find((e) => e[key] !== undefined)?.[key];
  const ratings = all.flatMap((e) => (e.rating === undefined ? [] : [e.rating]));
  const union = (list: (string[] | undefined)[]) => [...new Set(list.flatMap((l) => l ?? []))];
  const added = union(all.map((e) => e.addedLabels));
  const out: UserEdits = { ...keeper.userEdits };
  const title = first('title');
  const description = first('description');
  if (title !== undefined) out.title = title;
  if (description !== undefined) out.description = description;
  if (ratings.length) out.rating = keeper.userEdits?.rating ?? Math.max(...ratings);
  if (all.some((e) => e.favorite)) out.favorite = true;
  const albums = union(all.map((e) => e.albums));
  if (albums.length) out.albums = albums;
  if (added.length) out.addedLabels = added;
  const removed = union(all.map((e) => e.removedLabels)).filter((l) => !added.includes(l));
  if (removed.length) out.removedLabels = removed;
  return out;
}

/** The row with these edits applied, its labels composed again (the model's stay as found). */
const withEdits = (photo: PhotoRow, userEdits: UserEdits): PhotoRow => applyEdits(withLabelEdits(photo, userEdits), userEdits);

const TABLES = (db: ShoeboxDb) => [db.photos, db.months, db.labelCounts, db.settings];

/** Keep `keeper`, hide `others` as its duplicates and merge their edits into it: one transaction, undone by `undoKeep`. */
export async function keepOne(db: ShoeboxDb, keeper: string, others: readonly string[]): Promise<void> {
  await db.transaction('rw', TABLES(db), async () => {
    const rows = await db.photos.bulkGet([keeper, ...others]);
    if (rows.some((p) => !p)) throw new Error('A photo of this group is no longer in the library.');
    const [kept, ...rest] = rows as PhotoRow[];
    const wrote = [
      withEdits(kept as PhotoRow, mergedEdits(kept as PhotoRow, rest)),
      ...rest.map((p) => withEdits(p, { ...p.userEdits, duplicateOf: keeper })),
    ];
    await db.photos.bulkPut(wrote);
    await recountMonths(db, rows.map((p) => (p as PhotoRow).takenAt));
    await recountLabels(db, [...(rows as PhotoRow[]), ...wrote]);
    const undo: KeepUndo = { keeper, before: rows as PhotoRow[], wrote };
    await db.settings.put({ key: 'duplicatesUndo', value: undo });
  });
}

/** The last "Keep this one" that can be undone (it survives a reload), if any. */
export async function lastKeep(db: ShoeboxDb): Promise<KeepUndo | undefined> {
  const row = await db.settings.get('duplicatesUndo');
  return row?.key === 'duplicatesUndo' ? row.value : undefined;
}

/** The fields "Keep this one" writes, put back as they were. */
const KEPT_FIELDS = ['title', 'description', 'rating', 'favorite', 'albums', 'labels', 'categories', 'labelInfo', 'duplicateOf', 'userEdits'] as const;

/** The photo with its `duplicateOf` taken away: shown again, its other edits as they are. */
function shownAgain(photo: PhotoRow): PhotoRow {
  const edits = { ...photo.userEdits };
  delete edits.duplicateOf;
  const row: PhotoRow = { ...photo };
  delete row.duplicateOf;
  return withEdits(row, edits);
}

/**
 * Undo the last "Keep this one": each photo as it was, unless the person changed it since (then the
 * hidden copies are only shown again, and the keeper keeps what it has now). One transaction.
 */
export async function undoKeep(db: ShoeboxDb): Promise<void> {
  await db.transaction('rw', TABLES(db), async () => {
    const undo = await lastKeep(db);
    if (!undo) return;
    const now = await db.photos.bulkGet(undo.wrote.map((p) => p.id));
    const back = undo.wrote.flatMap((wrote, i) => {
      const current = now[i];
      const before = undo.before[i];
      if (!current || !before) return [];
      if (JSON.stringify(current.userEdits) !== JSON.stringify(wrote.userEdits)) {
        if (!current.userEdits?.duplicateOf) return [];
        return [shownAgain(current)];
      }
      const row: Record<string, unknown> = { ...current };
      for (const key of KEPT_FIELDS) {
        if (before[key] === undefined) delete row[key];
        else row[key] = before[key];
      }
      return [applyEdits(row as unknown as PhotoRow, before.userEdits)];
    });
    await db.photos.bulkPut(back);
    await recountMonths(db, [...now.flatMap((p) => (p ? [p.takenAt] : [])), ...back.map((p) => p.takenAt)]);
    await recountLabels(db, [...now.flatMap((p) => p ?? []), ...back]);
    await db.settings.delete('duplicatesUndo');
  });
}


/** A hidden copy's file that can be moved to the trash: in a folder Shoebox holds a handle to. */
export interface TrashableFile {
  file: FileRow;
  source: SourceRow & { handle: FileSystemDirectoryHandle };
}

/**
 * The files of the photos the last "Keep this one" hid, in folders Shoebox can write to (granted
 * folders, not uploads); `others` counts the files it cannot move (an upload, the demo).
 */
export async function filesOfHidden(db: ShoeboxDb): Promise<{ files: TrashableFile[]; others: number }> {
  return db.transaction('r', [db.settings, db.photos, db.files, db.sources], async () => {
    const undo = await lastKeep(db);
    // Those still hidden now: one shown again since (Show again) is not a copy to move.
    const wrote = undo?.wrote.filter((p) => p.duplicateOf).map((p) => p.id) ?? [];
    const hidden = (await db.photos.bulkGet(wrote)).flatMap((p) => (p?.duplicateOf ? [p.id] : []));
    const [files, sources] = await Promise.all([db.files.where('hash').anyOf(hidden).toArray(), db.sources.toArray()]);
    const byId = new Map(sources.map((s) => [s.id, s]));
    const shown = files.filter((f) => f.status !== 'missing');
    const movable = shown.flatMap((file) => {
      const source = byId.get(file.sourceId);
      return source?.kind === 'fsa' && source.handle ? [{ file, source: source as TrashableFile['source'] }] : [];
    });
    return { files: movable, others: shown.length - movable.length };
  });
}

/**
 * Of the files listed for the trash, those that may still go, checked again at the second
 * confirmation: the file is still at that path with those bytes, its photo is still hidden as a
 * duplicate (not shown again since by Undo, an import or another tab), and its keeper is still
 * shown by a file. Answers the others apart, with why they stay.
 */
export async function stillTrashable(db: ShoeboxDb, files: readonly TrashableFile[]): Promise<{ go: TrashableFile[]; stay: string[] }> {
  return db.transaction('r', [db.files, db.photos], async () => {
    const [rows, photos] = await Promise.all([db.files.bulkGet(files.map((f) => f.file.id as number)), db.photos.bulkGet(files.map((f) => f.file.hash ?? ''))]);
    const keepers = await db.photos.bulkGet(photos.map((p) => p?.duplicateOf ?? ''));
    const go: TrashableFile[] = [];
    const stay: string[] = [];
    files.forEach((f, i) => {
      const row = rows[i];
      const keeper = keepers[i];
      if (!row || row.path !== f.file.path || row.hash !== f.file.hash || row.status === 'missing') stay.push(`${f.file.path}: changed since it was listed; it was left where it is.`);
      else if (!photos[i]?.duplicateOf) stay.push(`${f.file.path}: shown again since it was listed; it was left where it is.`);
      else if (!keeper || keeper.missing) stay.push(`${f.file.path}: the copy kept instead of it is missing; it was left where it is.`);
      else go.push(f);
    });
    return { go, stay };
  });
}

/** Files moved out of their folders (to the trash): their rows go, and a photo no file shows any more is marked missing. */
export async function filesGone(db: ShoeboxDb, files: readonly FileRow[]): Promise<void> {
  await db.transaction('rw', [db.files, db.photos], async () => {
    await db.files.bulkDelete(files.map((f) => f.id as number));
    await refreshPresence(db, files.flatMap((f) => f.hash ?? []));
  });
}

/** Photos without a hash (indexed before Shoebox hashed tiles): all photos less those hashed or without a picture, less stand-ins. Counts only. */
export async function unhashedCount(db: ShoeboxDb): Promise<number> {
  return db.transaction('r', db.photos, async () => {
    const [all, hashed, none, pending] = await Promise.all([
      db.photos.count(),
      db.photos.where('dupKeys').startsWith('0').count(),
      db.photos.where('dupKeys').equals(NO_PICTURE).count(),
      db.photos.where(':id').startsWith('pending:').count(),
    ]);
    return all - hashed - none - pending;
  });
}

/** Up to `limit` photos without a hash, with their stored tiles: keys first, then only those rows. */
export async function unhashedPhotos(db: ShoeboxDb, limit: number): Promise<{ photo: PhotoRow; tile?: Blob }[]> {
  return db.transaction('r', [db.photos, db.thumbs], async () => {
    const [ids, hashed, none] = await Promise.all([
      db.photos.toCollection().primaryKeys() as Promise<string[]>,
      db.photos.where('dupKeys').startsWith('0').primaryKeys() as Promise<string[]>,
      db.photos.where('dupKeys').equals(NO_PICTURE).primaryKeys() as Promise<string[]>,
    ]);
    const done = new Set([...hashed, ...none]);
    const todo = ids.filter((id) => !done.has(id) && !id.startsWith('pending:')).slice(0, limit);
    const [rows, tiles] = await Promise.all([db.photos.bulkGet(todo), db.thumbs.bulkGet(todo)]);
    return rows.flatMap((photo, i) => (photo ? [{ photo, tile: tiles[i]?.blob }] : []));
  });
}

/** Store hashes found later (from stored tiles), unless the photo got one meanwhile (it was indexed again): one transaction. */
export async function storeHashes(db: ShoeboxDb, hashes: readonly { id: string; phash: string }[]): Promise<void> {
  await db.transaction('rw', db.photos, async () => {
    const rows = await db.photos.bulkGet(hashes.map((h) => h.id));
    await db.photos.bulkPut(rows.flatMap((p, i) => (p && !p.phash ? [{ ...p, phash: (hashes[i] as { phash: string }).phash }] : [])));
  });
}

/** Photos hidden as duplicates (any "Keep this one", not only the last), newest first: level 2 of the visibility index, less folded stack members. */
export async function hiddenDuplicates(db: ShoeboxDb): Promise<PhotoRow[]> {
  return (await byVisibility(db, 2).reverse().toArray()).filter((p) => p.duplicateOf);
}

/** Show a hidden duplicate again (the keeper keeps what was merged into it): one transaction. */
export async function showAgain(db: ShoeboxDb, id: string): Promise<void> {
  await db.transaction('rw', TABLES(db), async () => {
    const photo = await db.photos.get(id);
    if (!photo?.duplicateOf) return;
    await db.photos.put(shownAgain(photo));
    await recountMonths(db, [photo.takenAt]);
  });
}
