import type { ShoeboxDb } from './db';
import { forgetFaces, moveFaces } from './face-repo';
import { recountLabels } from './label-repo';
import { recountMonths } from './timeline-repo';
import type { FileRow, PhotoRow, UserEdits } from './types';

/**
 * Photo identity when a file's bytes change.
 *
 * Photos are keyed by content hash, so a file edited in place (rotated in another program, keywords
 * written by another tool) is new content, and a new photo id. What the person did with the photo
 * follows the file: the new content inherits the old photo's edits (rating, albums, labels added or
 * removed, private, favourite, title…), its name and date added, and its faces with their people.
 * The old photo goes when no other file still shows it; when a copy elsewhere still does, it stays
 * as it is and the edited file's photo gets a copy of the work.
 */

/** A file that showed `from` and now shows `to`, and what the new content looks like. */
export interface ContentChange {
  fileId: number;
  from: string;
  to: string;
  looks: Looks;
}

/** What tells one picture from another without its pixels: when it was taken, its shape. */
export interface Looks {
  takenAt?: number;
  width: number;
  height: number;
}

/**
 * Whether new bytes at a path are the same picture edited, or another picture saved under the
 * same name (a camera whose numbering restarted, a folder reused). An edit keeps the EXIF date
 * (every editor and metadata tool copies it); without one on both sides, the shape decides
 * (rotation-proof: longer over shorter side). When in doubt the work stays where it was, on a
 * photo then marked missing: moving it to an unrelated picture would be worse.
 */
export function samePicture(old: PhotoRow, now: Looks): boolean {
  // A date the person set is not the file's: the shape decides then.
  if (old.takenAtSource === 'exif' && old.userEdits?.takenAt === undefined && now.takenAt !== undefined) return old.takenAt === now.takenAt;
  const shape = (w: number, h: number) => Math.max(w, h) / Math.max(1, Math.min(w, h));
  const a = shape(old.width, old.height);
  return Math.abs(a - shape(now.width, now.height)) / a < 0.02;
}

/** Edits of two photos that became one: `mine` (the photo already there) wins field by field; lists are joined. */
export function mergeEdits(inherited: UserEdits | undefined, mine: UserEdits | undefined): UserEdits | undefined {
  if (!inherited) return mine;
  if (!mine) return inherited;
  const union = (a?: string[], b?: string[]) => (a || b ? [...new Set([...(a ?? []), ...(b ?? [])])] : undefined);
  const out: UserEdits = { ...inherited, ...mine };
  for (const key of ['albums', 'addedLabels', 'removedLabels'] as const) {
    const joined = union(inherited[key], mine[key]);
    if (joined) out[key] = joined;
  }
  return out;
}

/** The row a re-indexed photo builds on: the photo already stored under its id, carrying what its predecessor had. */
export function inherit(existing: PhotoRow | undefined, predecessor: PhotoRow | undefined): PhotoRow | undefined {
  if (!predecessor) return existing;
  if (!existing) return predecessor;
  const userEdits = mergeEdits(predecessor.userEdits, existing.userEdits);
  return { ...existing, ...(userEdits ? { userEdits } : {}) };
}

/** Which indexed files now show other bytes than their row says. */
export function contentChanges(
  outcomes: readonly { fileId: number; hash: string; width: number; height: number; meta: { takenAt?: number } }[],
  before: ReadonlyMap<number, FileRow>,
): ContentChange[] {
  return outcomes.flatMap((o) => {
    const from = before.get(o.fileId)?.hash;
    return from && from !== o.hash ? [{ fileId: o.fileId, from, to: o.hash, looks: { takenAt: o.meta.takenAt, width: o.width, height: o.height } }] : [];
  });
}

/**
 * Carry the person's work across content changes. Runs inside the batch write's transaction,
 * after the file rows point at their new content. Returns each new id's predecessor (for
 * `inherit`), and the predecessors that were folded into their successors and are gone.
 */
export async function carryOver(db: ShoeboxDb, all: readonly ContentChange[]): Promise<{ predecessors: Map<string, PhotoRow>; retired: PhotoRow[] }> {
  const predecessors = new Map<string, PhotoRow>();
  if (!all.length) return { predecessors, retired: [] };
  const olds = await db.photos.bulkGet(all.map((c) => c.from));
  // Another picture under the same name takes nothing: the old photo keeps its work (and is
  // marked missing by refreshPresence when no file shows it).
  const changes = all.filter((c, i) => {
    const old = olds[i];
    return old && !old.provisional && samePicture(old, c.looks);
  });
  const froms = [...new Set(changes.map((c) => c.from))];
  const holders = await db.files.where('hash').anyOf(froms).toArray();
  const oldById = new Map(olds.flatMap((p) => (p && froms.includes(p.id) ? [[p.id, p] as const] : [])));
  // A copy elsewhere (not missing) still shows the old bytes: the old photo stays.
  const stillShown = new Set(holders.filter((f) => f.status !== 'missing').map((f) => f.hash));
  for (const c of changes) {
    const old = oldById.get(c.from);
    if (old && !predecessors.has(c.to)) predecessors.set(c.to, old);
  }
  const retired = [...oldById.values()].filter((p) => !stillShown.has(p.id));
  for (const old of retired) {
    const to = changes.find((c) => c.from === old.id)?.to as string;
    await moveFaces(db, old.id, to);
  }
  const gone = retired.map((p) => p.id);
  // A copy of the old bytes that had already vanished is history now: should it come back, it is
  // indexed as the file it then is.
  const strays = holders.filter((f) => f.status === 'missing' && gone.includes(f.hash as string));
  await db.files.bulkDelete(strays.map((f) => f.id as number));
  await Promise.all([db.photos.bulkDelete(gone), db.thumbs.bulkDelete(gone), db.previews.bulkDelete(gone), db.embeddings.bulkDelete(gone)]);
  return { predecessors, retired };
}

/**
 * A photo is missing when no file in any folder shows it any more (every file with its bytes is
 * gone, or none is left). It is kept, with everything the person did, until they remove it; the
 * grid and viewer say it is missing. Call with the ids whose files changed status.
 */
export async function refreshPresence(db: ShoeboxDb, ids: Iterable<string>): Promise<void> {
  const list = [...new Set(ids)];
  if (!list.length) return;
  const [photos, files] = await Promise.all([db.photos.bulkGet(list), db.files.where('hash').anyOf(list).toArray()]);
  const shown = new Set(files.filter((f) => f.status !== 'missing').map((f) => f.hash));
  const changed = photos.flatMap((p) => {
    if (!p || p.provisional) return [];
    const missing = !shown.has(p.id);
    return !!p.missing === missing ? [] : [{ ...p, missing }];
  });
  await db.photos.bulkPut(changed);
}

/**
 * The person removes a missing photo from the library, with everything attached to it. Only a
 * missing photo can go: one a folder still shows would come back at the next scan.
 */
export async function removeMissingPhoto(db: ShoeboxDb, id: string): Promise<void> {
  const tables = [db.photos, db.thumbs, db.previews, db.embeddings, db.files, db.months, db.labelCounts, db.faces, db.people, db.clusters, db.faceHints];
  await db.transaction('rw', tables, async () => {
    const photo = await db.photos.get(id);
    if (!photo) return;
    if (!photo.missing) throw new Error('Only a photo whose files are all gone can be removed from the library.');
    await forgetFaces(db, id);
    await db.files.where('hash').equals(id).delete();
    await Promise.all([db.photos.delete(id), db.thumbs.delete(id), db.previews.delete(id), db.embeddings.delete(id)]);
    await recountMonths(db, [photo.takenAt]);
    await recountLabels(db, [photo]);
  });
}

/** How many photos no file shows any more (the `is:missing` term, an indexed count). */
export async function missingPhotoCount(db: ShoeboxDb): Promise<number> {
  return db.photos.where('terms').equals('is:missing').count();
}
