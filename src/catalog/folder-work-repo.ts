import type { ShoeboxDb } from './db';
import { composed } from './backup/compose';
import { albumRecords } from './album-manage';
import { nameFacesAt, unnameFacesAt } from './face-repo';
import { FIELDS, boxKey, noWork, sameFace, type AlbumWork, type PhotoWork } from './folder-doc';
import { recountLabels } from './label-repo';
import { restack } from './stack-repo';
import { fold } from './terms';
import { recountMonths } from './timeline-repo';
import type { AlbumRecord, FolderCatalogueSettings, FolderSyncStatus, PhotoRow, UserEdits } from './types';

/**
 * The catalogue's side of the catalogue kept in the folders (indexer/folder-sync.ts): the
 * person's work read as the folder's document holds it (folder-doc.ts), and the folder's work
 * written back as the person's edits, one bounded transaction per batch, through the same
 * composition the backup's import uses (labels composed again, edits applied, counts recounted).
 */

function newDeviceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The settings as stored (read only: for live queries); undefined before they were first needed. */
export async function storedFolderCatalogue(db: ShoeboxDb): Promise<FolderCatalogueSettings | undefined> {
  const row = await db.settings.get('folderCatalogue');
  return row?.key === 'folderCatalogue' ? row.value : undefined;
}

export async function folderCatalogueSettings(db: ShoeboxDb): Promise<FolderCatalogueSettings> {
  const stored = await storedFolderCatalogue(db);
  if (stored) return stored;
  // This device's id is made once, the first time it is asked for, and kept.
  const value: FolderCatalogueSettings = { write: false, deviceId: newDeviceId(), deviceName: '' };
  await db.transaction('rw', db.settings, async () => {
    if (!(await db.settings.get('folderCatalogue'))) await db.settings.put({ key: 'folderCatalogue', value });
  });
  return (await storedFolderCatalogue(db)) ?? value;
}

export async function setFolderCatalogueSettings(db: ShoeboxDb, value: FolderCatalogueSettings): Promise<void> {
  await db.settings.put({ key: 'folderCatalogue', value });
}

/** The photos whose edits wait to be written to the folders, as last remembered (a tab closed before it wrote them). */
export async function pendingFolderWork(db: ShoeboxDb): Promise<string[]> {
  const row = await db.settings.get('folderPending');
  return row?.key === 'folderPending' ? row.value : [];
}

export async function setPendingFolderWork(db: ShoeboxDb, photos: readonly string[]): Promise<void> {
  await db.settings.put({ key: 'folderPending', value: [...photos] });
}

export async function folderDocSnapshot(db: ShoeboxDb, sourceId: number): Promise<Uint8Array | undefined> {
  const row = await db.settings.get(`folderDoc:${sourceId}`);
  return row?.value instanceof Uint8Array ? row.value : undefined;
}

export async function saveFolderDoc(db: ShoeboxDb, sourceId: number, snapshot: Uint8Array): Promise<void> {
  await db.settings.put({ key: `folderDoc:${sourceId}`, value: snapshot });
}

export async function folderSyncStatus(db: ShoeboxDb, sourceId: number): Promise<FolderSyncStatus | undefined> {
  const row = await db.settings.get(`folderSync:${sourceId}`);
  return row?.key === `folderSync:${sourceId}` ? (row.value as FolderSyncStatus) : undefined;
}

export async function setFolderSyncStatus(db: ShoeboxDb, sourceId: number, change: Partial<FolderSyncStatus>): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const before = (await folderSyncStatus(db, sourceId)) ?? { devices: [], notes: [] };
    await db.settings.put({ key: `folderSync:${sourceId}`, value: { ...before, ...change } });
  });
}

/** Which of these photos this catalogue holds (rows, not stand-ins). */
export async function photosHere(db: ShoeboxDb, ids: readonly string[]): Promise<Set<string>> {
  return new Set((await db.photos.where(':id').anyOf([...ids]).primaryKeys()) as string[]);
}

/** Which of these photos have a file (indexed, or gone since) in the folder. */
export async function photosInSource(db: ShoeboxDb, sourceId: number, ids: readonly string[]): Promise<string[]> {
  const files = await db.files.where('hash').anyOf([...ids]).toArray();
  return [...new Set(files.flatMap((f) => (f.sourceId === sourceId && f.hash ? [f.hash] : [])))];
}

/** Every photo with a file in the folder, a page of ids at a time (turning the catalogue on writes them all). */
export async function* sourcePhotoIds(db: ShoeboxDb, sourceId: number, page = 500): AsyncGenerator<string[]> {
  let after = '';
  for (;;) {
    const keys = (await db.files.where('[sourceId+path]').between([sourceId, after], [sourceId, '\uffff'], false, true).limit(page).toArray());
    if (!keys.length) return;
    after = keys[keys.length - 1]?.path ?? '\uffff';
    const ids = [...new Set(keys.flatMap((f) => f.hash ?? []))];
    if (ids.length) yield ids;
    if (keys.length < page) return;
  }
}

const list = (a: readonly string[] | undefined) => [...(a ?? [])];

/** The person's work on these photos, as the folder's document holds it: a few indexed reads for the batch. */
export async function localWork(db: ShoeboxDb, ids: readonly string[]): Promise<Map<string, PhotoWork>> {
  const rows = (await db.photos.bulkGet([...ids])).filter((p): p is PhotoRow => !!p && !p.provisional);
  const out = new Map<string, PhotoWork>();
  if (!rows.length) return out;
  const photoIds = rows.map((p) => p.id);
  const [faces, hints] = await Promise.all([db.faces.where('photoId').anyOf(photoIds).toArray(), db.faceHints.where('photoId').anyOf(photoIds).toArray()]);
  const people = await db.people.bulkGet([...new Set(faces.flatMap((f) => (f.personId === undefined || f.notFace ? [] : [f.personId])))]);
  const nameOf = new Map(people.flatMap((p) => (p?.id !== undefined && p.name ? [[p.id, p.name] as const] : [])));
  for (const p of rows) {
    const e = p.userEdits ?? {};
    const work = noWork();
    for (const field of FIELDS) if (e[field] !== undefined) (work.fields as Record<string, unknown>)[field] = e[field];
    work.albums = list(e.albums);
    work.added = list(e.addedLabels);
    work.removed = list(e.removedLabels);
    out.set(p.id, work);
  }
  for (const f of faces) {
    const name = f.personId === undefined || f.notFace ? undefined : nameOf.get(f.personId);
    if (name) out.get(f.photoId)?.names.push({ box: f.box, name });
  }
  // Names waiting for their faces (from the folder, a backup, a sidecar) are the person's too.
  for (const h of hints) {
    const work = out.get(h.photoId);
    if (work && !work.names.some((n) => boxKey(n.box) === boxKey(h.box))) work.names.push({ box: h.box, name: h.name });
  }
  return out;
}

/** The photo's edits with the folder's work in place of what the folder carries; what it does not carry (none today) stays. */
function editsWith(before: UserEdits | undefined, work: PhotoWork): UserEdits | undefined {
  const out: Record<string, unknown> = { ...before };
  for (const field of FIELDS) delete out[field];
  delete out.albums;
  delete out.addedLabels;
  delete out.removedLabels;
  Object.assign(out, work.fields);
  if (work.albums.length || before?.albums) out.albums = [...work.albums];
  if (work.added.length || before?.addedLabels) out.addedLabels = [...work.added];
  if (work.removed.length || before?.removedLabels) out.removedLabels = [...work.removed];
  return Object.keys(out).length ? (out as UserEdits) : undefined;
}

/**
 * An edit the folder took away (undone on another device): the file's value is not kept here,
 * so the photo shows none until its file's metadata is read again (writeWork marks it `reread`,
 * for the next scan); a private flag falls back to the model's verdict.
 */
function clearedFields(row: PhotoRow, before: UserEdits | undefined, after: UserEdits | undefined): PhotoRow {
  const out: Record<string, unknown> = { ...row };
  let cleared = false;
  for (const field of ['title', 'description', 'rating', 'favorite', 'archived', 'rotation', 'duplicateOf', 'gps', 'takenAt', 'keywords'] as const) {
    if (before?.[field] === undefined || after?.[field] !== undefined) continue;
    // The date and keywords stay as they were until the file says otherwise: every photo has a date.
    if (field !== 'takenAt' && field !== 'keywords') delete out[field];
    cleared = true;
  }
  if (before?.private !== undefined && after?.private === undefined) out.private = !!row.nsfw;
  return cleared ? (out as unknown as PhotoRow) : row;
}

/**
 * Write the folder's work on these photos as the person's edits: one transaction, so a batch
 * lands whole or not at all. Months, label counts, stacks and people follow; names given or taken
 * away elsewhere are given or taken away here (face-repo `nameFacesAt`, `unnameFacesAt`).
 * Returns how many photos lost an edit whose file must be read again (FileRow `reread`).
 */
export async function writeWork(db: ShoeboxDb, works: ReadonlyMap<string, PhotoWork>): Promise<number> {
  if (!works.size) return 0;
  const tables = [db.photos, db.months, db.labelCounts, db.faces, db.people, db.clusters, db.faceHints, db.files];
  return db.transaction('rw', tables, async () => {
    const ids = [...works.keys()];
    const reread: string[] = [];
    const rows = await db.photos.bulkGet(ids);
    const here = await localWork(db, ids);
    const next: PhotoRow[] = [];
    const months: number[] = [];
    const labels: { labels: string[]; categories: string[] }[] = [];
    const restacked: string[] = [];
    const names: { photoId: string; box: [number, number, number, number]; name: string }[] = [];
    const unnamed: typeof names = [];
    rows.forEach((row, i) => {
      const work = works.get(ids[i] as string);
      if (!row || row.provisional || !work) return;
      const edits = editsWith(row.userEdits, work);
      const cleared = clearedFields(row, row.userEdits, edits);
      if (cleared !== row) reread.push(row.id);
      const written = composed(cleared, edits);
      if (!edits) delete written.userEdits;
      next.push(written);
      months.push(row.takenAt, written.takenAt);
      labels.push(row, written);
      // Stack choices, and a burst the person stacked (or took apart), place the stacks again.
      if (row.userEdits?.unstacked !== edits?.unstacked || row.userEdits?.stackTop !== edits?.stackTop || row.userEdits?.burst !== edits?.burst) restacked.push(row.id);
      const mine = here.get(row.id)?.names ?? [];
      for (const n of work.names) {
        if (!mine.some((m) => sameFace(m.box, n.box) && m.name === n.name)) names.push({ photoId: row.id, box: n.box, name: n.name });
      }
      for (const m of mine) {
        if (!work.names.some((n) => sameFace(m.box, n.box))) unnamed.push({ photoId: row.id, box: m.box, name: m.name });
      }
    });
    await db.photos.bulkPut(next);
    if (restacked.length) await restack(db, await db.files.where('hash').anyOf(restacked).toArray());
    await recountMonths(db, months);
    await recountLabels(db, labels);
    await unnameFacesAt(db, unnamed);
    await nameFacesAt(db, names);
    if (reread.length) await db.files.where('hash').anyOf(reread).modify({ reread: true });
    return reread.length;
  });
}

/** Every album the person set up, as the folder's document holds it. */
export async function albumWork(db: ShoeboxDb): Promise<AlbumWork[]> {
  return (await albumRecords(db)).map((r) => ({ name: r.name, cover: r.cover, order: r.order, hand: r.hand, createdAt: r.createdAt }));
}

/** The albums as the folder says: set up (its settings written where they differ) or deleted (its row goes; its photos follow their own entries). */
export async function writeAlbumWork(db: ShoeboxDb, albums: readonly { id: string; album?: AlbumWork }[]): Promise<void> {
  if (!albums.length) return;
  await db.transaction('rw', db.settings, async () => {
    const keys = albums.map((a) => `album:${a.id}` as const);
    const here = await db.settings.bulkGet(keys);
    const put: AlbumRecord[] = [];
    const gone: (typeof keys)[number][] = [];
    albums.forEach(({ id, album }, i) => {
      const mine = here[i]?.value as AlbumRecord | undefined;
      if (!album) {
        if (mine) gone.push(`album:${id}`);
        return;
      }
      if (fold(album.name.trim()) !== id) return;
      const record: AlbumRecord = { name: album.name, createdAt: album.createdAt ?? mine?.createdAt ?? Date.now(), ...(album.cover ? { cover: album.cover } : {}), ...(album.order ? { order: album.order } : {}), ...(album.hand ? { hand: album.hand } : {}) };
      if (JSON.stringify(record) !== JSON.stringify(mine)) put.push(record);
    });
    await db.settings.bulkPut(put.map((r) => ({ key: `album:${fold(r.name.trim())}` as const, value: r })));
    await db.settings.bulkDelete(gone);
  });
}

/** Each granted folder with what its catalogue's last sync said, for Settings. */
export async function folderStatuses(db: ShoeboxDb): Promise<{ id: number; name: string; handle?: FileSystemDirectoryHandle; status?: FolderSyncStatus }[]> {
  const sources = (await db.sources.toArray()).filter((s) => s.kind === 'fsa' && s.id !== undefined);
  const rows = await db.settings.bulkGet(sources.map((s) => `folderSync:${s.id as number}` as const));
  return sources.map((s, i) => ({ id: s.id as number, name: s.name, handle: s.handle, status: rows[i]?.value as FolderSyncStatus | undefined }));
}
