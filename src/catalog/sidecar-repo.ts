import type { ObservabilitySet } from 'dexie';
import type { ShoeboxDb } from './db';
import { onCatalogueChange } from './live';
import { photoIdsOfPeople } from './face-repo';
import type { FileRow, PhotoRow, SidecarSettings, SourceRow } from './types';

export const SIDECARS_OFF: SidecarSettings = { write: false, place: 'beside' };

export async function sidecarSettings(db: ShoeboxDb): Promise<SidecarSettings> {
  const row = await db.settings.get('sidecars');
  return row?.key === 'sidecars' ? { ...SIDECARS_OFF, ...row.value } : SIDECARS_OFF;
}

export async function setSidecarSettings(db: ShoeboxDb, value: SidecarSettings): Promise<void> {
  await db.settings.put({ key: 'sidecars', value });
}

/** One photo whose sidecars are to be written: the photo, its files in granted folders, its named faces. */
export interface SidecarSubject {
  photo: PhotoRow;
  /** Its indexed files in granted folders (`fsa` sources). */
  files: { file: FileRow & { id: number }; source: SourceRow & { id: number } }[];
  named: { box: [number, number, number, number]; name: string }[];
}

/**
 * What writing the sidecars of these photos needs, read together: a few indexed reads for the whole
 * batch, not two per photo (every photo written while indexing passes through here). Photos gone
 * meanwhile, and those with no edit and no named face (nothing to write), are left out before their
 * files are read.
 */
export async function sidecarSubjects(db: ShoeboxDb, ids: readonly string[]): Promise<SidecarSubject[]> {
  const photos = (await db.photos.bulkGet([...ids])).filter((p): p is PhotoRow => !!p && !p.provisional);
  if (!photos.length) return [];
  const faces = (await db.faces.where('photoId').anyOf(photos.map((p) => p.id)).toArray()).filter((f) => !f.notFace && f.personId !== undefined);
  const people = await db.people.bulkGet([...new Set(faces.map((f) => f.personId as number))]);
  const names = new Map(people.flatMap((p) => (p?.id !== undefined && p.name ? [[p.id, p.name] as const] : [])));
  const named = new Map<string, SidecarSubject['named']>();
  for (const f of faces) {
    const name = names.get(f.personId as number);
    if (name) named.set(f.photoId, [...(named.get(f.photoId) ?? []), { box: f.box, name }]);
  }
  const wanted = photos.filter((p) => (p.userEdits && Object.keys(p.userEdits).length) || named.has(p.id));
  if (!wanted.length) return [];
  const sources = new Map((await db.sources.toArray()).map((s) => [s.id, s]));
  const files = new Map<string, SidecarSubject['files']>();
  for (const file of await db.files.where('hash').anyOf(wanted.map((p) => p.id)).toArray()) {
    const source = sources.get(file.sourceId);
    if (file.status !== 'indexed' || file.id === undefined || source?.kind !== 'fsa' || !file.hash) continue;
    files.set(file.hash, [...(files.get(file.hash) ?? []), { file: file as FileRow & { id: number }, source: source as SourceRow & { id: number } }]);
  }
  return wanted.map((photo) => ({ photo, files: files.get(photo.id) ?? [], named: named.get(photo.id) ?? [] }));
}

/**
 * Every photo the person changed (edits of their own, or a face of a named person), a page at a
 * time. The photos are read in primary-key pages (there is no index of edited photos: this runs
 * only when the person asks for every sidecar, or turns writing on).
 */
export async function* changedPhotoIds(db: ShoeboxDb, page = 500): AsyncGenerator<string[]> {
  const named = (await db.people.toArray()).flatMap((p) => (p.name && p.id !== undefined ? [p.id] : []));
  const withNames = new Set(await photoIdsOfPeople(db, named));
  let after: string | undefined;
  for (;;) {
    const rows = await (after === undefined ? db.photos.orderBy('id') : db.photos.where('id').above(after)).limit(page).toArray();
    if (!rows.length) break;
    after = rows[rows.length - 1]?.id;
    const ids = rows.filter((p) => (p.userEdits && Object.keys(p.userEdits).length) || withNames.delete(p.id)).map((p) => p.id);
    if (ids.length) yield ids;
  }
}

/** People's names by id: these people's (a person gone is undefined), or everyone's (one row a person: a small table). */
export async function personNames(db: ShoeboxDb, ids?: readonly number[]): Promise<Map<number, string | undefined>> {
  if (!ids) return new Map((await db.people.toArray()).flatMap((p) => (p.id === undefined ? [] : [[p.id, p.name] as const])));
  const rows = await db.people.bulkGet([...ids]);
  return new Map(ids.map((id, i) => [id, rows[i]?.name]));
}

/**
 * Remember the sidecar Shoebox just wrote beside a file, so the next scan does not read the file
 * again for it; nor its siblings that share it (a Lightroom `IMG_1.xmp` serves IMG_1.jpg and
 * IMG_1.CR2, one group: stack-rules.ts), or the RAW would be decoded again for Shoebox's own write.
 */
export async function recordSidecar(db: ShoeboxDb, file: FileRow & { id: number }, sidecar: NonNullable<FileRow['sidecar']>): Promise<void> {
  await db.transaction('rw', db.files, async () => {
    await db.files.update(file.id, { sidecar });
    if (file.group === undefined) return;
    await db.files.where('[sourceId+group]').equals([file.sourceId, file.group]).filter((f) => f.id !== file.id && f.sidecar?.path === sidecar.path).modify({ sidecar });
  });
}

/** What a catalogue change touched of the person's work: photos (rows, or their faces) and people. */
export interface WorkChange {
  photoIds: string[];
  personIds: number[];
  /** Too wide to name (a cleared table, a range): every changed photo may be concerned. */
  everything: boolean;
}

/** The keys a `storagemutated` part names; false when it names a range too wide to list. */
function keysOf(tree: ObservabilitySet[string] | null | undefined, out: (string | number)[]): boolean {
  if (!tree || !('from' in tree)) return true;
  if (tree.from !== tree.to || (typeof tree.from !== 'string' && typeof tree.from !== 'number')) return false;
  out.push(tree.from);
  return keysOf(tree.l, out) && keysOf(tree.r, out);
}

/** Hear which photos and people change, in this tab or any other. Returns the unsubscribe. */
export function onWorkChange(db: ShoeboxDb, listener: (change: WorkChange) => void): () => void {
  const base = `idb://${db.name}/`;
  return onCatalogueChange((parts) => {
    const change: WorkChange = { photoIds: [], personIds: [], everything: false };
    for (const [part, tree] of Object.entries(parts ?? {})) {
      // `…/photos/` names the rows' primary keys; `…/photos/<index>` the values of an index
      // (labels, `[takenAt+id]`…), which are not photos; `…/:dels` repeats primary keys.
      const [table, index] = part.startsWith(base) ? part.slice(base.length).split('/') : [];
      if (index !== '' || (table !== 'photos' && table !== 'faces' && table !== 'people')) continue;
      const keys: (string | number)[] = [];
      if (!keysOf(tree, keys)) change.everything = true;
      for (const k of keys) {
        if (table === 'people') change.personIds.push(Number(k));
        // A face's id is `<photoId>:<n>`.
        else change.photoIds.push(table === 'faces' ? String(k).slice(0, String(k).lastIndexOf(':')) : String(k));
      }
    }
    if (change.everything || change.photoIds.length || change.personIds.length) listener(change);
  });
}
