import type { ShoeboxDb } from './db';
import { applyEdits } from './photo-repo';
import { fold } from './terms';
import type { AlbumRecord, PhotoRow } from './types';

/**
 * Albums the person manages: created before a photo is in them, renamed, deleted (the photos
 * stay), a cover and an order of their own. An album is still the name on its photos (`albums`,
 * the person's edit, indexed as `album:` terms); what is set for the album itself is one settings
 * row per album (`album:<folded name>`), so no schema change and no scan: every read goes through
 * the settings key or the photos' `terms` index.
 */
const PREFIX = 'album:';
const recordKey = (name: string) => `${PREFIX}${fold(name.trim())}` as const;
const sameName = (a: string, b: string) => fold(a.trim()) === fold(b.trim());
const photosOf = (db: ShoeboxDb, name: string) => db.photos.where('terms').equals(`album:${fold(name.trim())}`);

export async function albumRecords(db: ShoeboxDb): Promise<AlbumRecord[]> {
  const rows = await db.settings.where('key').startsWith(PREFIX).toArray();
  return rows.map((r) => r.value as AlbumRecord);
}

export async function albumRecord(db: ShoeboxDb, name: string): Promise<AlbumRecord | undefined> {
  return (await db.settings.get(recordKey(name)))?.value as AlbumRecord | undefined;
}

const putRecord = (db: ShoeboxDb, record: AlbumRecord) => db.settings.put({ key: recordKey(record.name), value: record });

/** Albums from a backup: one this catalogue has set up already keeps its own settings (inside the caller's transaction, which must include `settings`). */
export async function joinAlbumRecords(db: ShoeboxDb, records: readonly AlbumRecord[]): Promise<void> {
  const here = await db.settings.bulkGet(records.map((r) => recordKey(r.name)));
  await db.settings.bulkPut(records.filter((_, i) => !here[i]).map((r) => ({ key: recordKey(r.name), value: r })));
}

/** A new album, empty until photos are put in it. Returns its name as kept (an album of that name in any case is that album). */
export async function createAlbum(db: ShoeboxDb, name: string): Promise<string> {
  const wanted = name.trim();
  if (!wanted) throw new Error('An album needs a name.');
  return db.transaction('rw', [db.settings, db.photos], async () => {
    const kept = await albumRecord(db, wanted);
    if (kept) return kept.name;
    // Photos already named by it: the album exists, spelled as they spell it.
    const photo = await photosOf(db, wanted).first();
    const spelled = photo?.albums?.find((a) => sameName(a, wanted)) ?? wanted;
    await putRecord(db, { name: spelled, createdAt: Date.now() });
    return spelled;
  });
}

/** A rename (`to`) or a deletion of an album, as the undo journal keeps it (batch-repo.ts undoes it with `restoreAlbumName`). */
export interface AlbumNameChange {
  kind: 'albumName';
  from: string;
  to?: string;
  /** The album's own row (cover, order) before, if it had one. */
  record?: AlbumRecord;
}

/** A photo's albums edit before, as the journal keeps it (batch-repo.ts `BeforeBatch`). */
interface AlbumsBefore {
  id: string;
  hadEdit: boolean;
  edit?: unknown;
  value?: unknown;
}

const withAlbums = (p: PhotoRow, albums: string[]): PhotoRow => {
  const userEdits = { ...p.userEdits, albums };
  return applyEdits({ ...p, userEdits }, userEdits);
};

/**
 * Every photo of the album with its name changed (or gone), as the person's edit, and the change
 * in the undo journal (batch-repo.ts): one transaction with the album's own row, so the toast and
 * Ctrl/⌘+Z undo it like a batch.
 */
async function renamePhotos(db: ShoeboxDb, change: AlbumNameChange): Promise<void> {
  const { from, to } = change;
  const photos = await photosOf(db, from).toArray();
  const next = photos.map((p) => withAlbums(p, [...new Set((p.albums ?? []).flatMap((a) => (sameName(a, from) ? (to ? [to] : []) : [a])))]));
  await db.photos.bulkPut(next);
  const before: AlbumsBefore[] = photos.map((p) => ({ id: p.id, hadEdit: 'albums' in (p.userEdits ?? {}), edit: p.userEdits?.albums, value: p.albums }));
  const photosText = `${photos.length.toLocaleString('en')} ${photos.length === 1 ? 'photo' : 'photos'}`;
  const label = to ? `Renamed the album ${from} to ${to}` : `Deleted the album ${from} (its ${photosText} stay)`;
  const now = Date.now();
  const batch = (await db.batches.add({ label, field: 'albums', count: photos.length, state: 'done', at: now, updatedAt: now, album: { from, ...(to ? { to } : {}) } })) as number;
  await db.undo.add({ batch, field: 'albums', change, before });
}

/**
 * Undo a rename or a deletion (inside batch-repo.ts's transaction, which holds `settings`): the
 * album's row as it was, and each photo's albums, unless the person changed them since (a photo
 * taken out of the renamed album since stays out). Returns the photos to write.
 */
export async function restoreAlbumName(db: ShoeboxDb, change: AlbumNameChange, before: readonly AlbumsBefore[], rows: readonly (PhotoRow | undefined)[]): Promise<PhotoRow[]> {
  const { from, to } = change;
  if (to) await db.settings.delete(recordKey(to));
  if (change.record) await putRecord(db, change.record);
  return before.flatMap((b, i) => {
    const p = rows[i];
    if (!p) return [];
    const albums = p.albums ?? [];
    const now = to ? albums.find((a) => sameName(a, to)) : undefined;
    if (to ? !now : albums.some((a) => sameName(a, from))) return [];
    const next = [...albums.filter((a) => !(to && sameName(a, to))), from];
    const was = (b.value as string[] | undefined) ?? [];
    if (next.length === was.length && next.every((a) => was.includes(a))) {
      const userEdits: Record<string, unknown> = { ...p.userEdits };
      if (b.hadEdit) userEdits.albums = b.edit;
      else delete userEdits.albums;
      const row: PhotoRow = { ...p, userEdits };
      if (b.value === undefined) delete row.albums;
      else row.albums = b.value as string[];
      return [applyEdits(row, row.userEdits)];
    }
    return [withAlbums(p, next)];
  });
}

/** Rename an album: its photos, cover and order go with it. Another album of the new name is not merged into: that is refused. */
export async function renameAlbum(db: ShoeboxDb, from: string, to: string): Promise<string> {
  const name = to.trim();
  if (!name) throw new Error('An album needs a name.');
  await db.transaction('rw', [db.settings, db.photos, db.batches, db.undo], async () => {
    if (!sameName(from, name) && ((await albumRecord(db, name)) || (await photosOf(db, name).count()))) {
      throw new Error(`There is an album called ${name} already.`);
    }
    const record = await albumRecord(db, from);
    await renamePhotos(db, { kind: 'albumName', from: record?.name ?? from, to: name, ...(record ? { record } : {}) });
    await db.settings.delete(recordKey(from));
    await putRecord(db, { ...(record ?? { createdAt: Date.now() }), name });
  });
  return name;
}

/** Delete an album: its photos stay in the library, out of it. */
export async function deleteAlbum(db: ShoeboxDb, name: string): Promise<void> {
  await db.transaction('rw', [db.settings, db.photos, db.batches, db.undo], async () => {
    const record = await albumRecord(db, name);
    await renamePhotos(db, { kind: 'albumName', from: record?.name ?? name, ...(record ? { record } : {}) });
    await db.settings.delete(recordKey(name));
  });
}

/** Change what is set for the album (cover, order), creating its row if it has none. */
async function updateAlbum(db: ShoeboxDb, name: string, change: (r: AlbumRecord) => AlbumRecord): Promise<void> {
  await db.transaction('rw', [db.settings, db.photos], async () => {
    const record = (await albumRecord(db, name)) ?? { name: (await photosOf(db, name).first())?.albums?.find((a) => sameName(a, name)) ?? name.trim(), createdAt: Date.now() };
    await putRecord(db, change(record));
  });
}

export async function setAlbumCover(db: ShoeboxDb, name: string, photoId: string): Promise<void> {
  const photo = await db.photos.get(photoId);
  if (!photo?.albums?.some((a) => sameName(a, name))) throw new Error('The cover must be a photo of the album.');
  await updateAlbum(db, name, (r) => ({ ...r, cover: photoId }));
}

export async function setAlbumOrder(db: ShoeboxDb, name: string, order: 'date' | 'hand'): Promise<void> {
  await updateAlbum(db, name, (r) => ({ ...r, order }));
}

/** The album's photos as it orders them (by hand: the person's order, then newcomers newest first), as shown. */
export async function albumPhotosInOrder(db: ShoeboxDb, name: string, includePrivate: boolean): Promise<string[]> {
  const [record, photos] = await db.transaction('r', [db.settings, db.photos], () => Promise.all([albumRecord(db, name), photosOf(db, name).toArray()]));
  const shown = photos.filter((p) => p.hidden === 0 || (includePrivate && p.hidden === 1)).sort((a, b) => b.takenAt - a.takenAt || (a.id < b.id ? 1 : -1));
  if (record?.order !== 'hand') return shown.map((p) => p.id);
  const rank = new Map((record.hand ?? []).map((id, i) => [id, i]));
  return [...shown].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity)).map((p) => p.id);
}

/** Put a photo at `to` in the album's hand order (of the ids as shown, `order`); the order becomes by hand. */
export async function moveInAlbum(db: ShoeboxDb, name: string, order: readonly string[], id: string, to: number): Promise<void> {
  const rest = order.filter((x) => x !== id);
  const at = Math.max(0, Math.min(rest.length, to));
  await updateAlbum(db, name, (r) => {
    // Photos hidden now (private) keep their places after the shown ones.
    const hidden = (r.hand ?? []).filter((x) => !order.includes(x));
    return { ...r, order: 'hand', hand: [...rest.slice(0, at), id, ...rest.slice(at), ...hidden] };
  });
}
