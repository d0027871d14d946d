import type { ShoeboxDb } from './db';
import { fileGroup, groupKey, isUserBurst, isVideoType, place, sameShot, userBurstKey, type Member, type Video } from './stack-rules';
import { recountMonths } from './timeline-repo';
import type { FileRow, PhotoRow, UserEdits } from './types';
import { hiddenOf } from './visibility';

/**
 * Stacks in the catalogue: after a batch of files is written, the groups those files belong to
 * (stack-rules.ts) are placed again, each through the `[sourceId+group]` index (a file's
 * siblings only) and the photos' `stack` index (the stack's members before). Never a scan.
 */

type Group = [sourceId: number, group: string];
const stackKey = ([sourceId, group]: Group) => `${sourceId}:${group}`;
const groupOf = (stack: string): Group => [Number(stack.slice(0, stack.indexOf(':'))), stack.slice(stack.indexOf(':') + 1)];

/** The group's files that are there (not missing), by path. */
async function groupFiles(files: ShoeboxDb['files'], group: Group): Promise<FileRow[]> {
  const rows = await files.where('[sourceId+group]').equals(group).toArray();
  return rows.filter((f) => f.status !== 'missing').sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The fields grouping owns on a photo. */
const PLACED = ['stack', 'folded', 'stackSize', 'live'] as const;

/**
 * Place the photos of these groups; returns the photos whose place changed (their taken-at
 * moves month counts). Takes tables, so the schema upgrade can run it on its own transaction.
 */
export async function restackGroups(files: ShoeboxDb['files'], photos: ShoeboxDb['photos'], groups: readonly Group[]): Promise<PhotoRow[]> {
  const changed: PhotoRow[] = [];
  const seen = new Set<string>();
  // Bursts the person stacked that these files' photos are in: placed again after the groups.
  const bursts = new Set<string>();
  for (const group of groups) {
    const key = stackKey(group);
    if (seen.has(key)) continue;
    seen.add(key);
    const rows = await groupFiles(files, group);
    // A file shown with a problem (a video this browser cannot decode) still has its photo.
    const shown = rows.filter((f) => f.hash && (f.status === 'indexed' || f.status === 'unsupported'));
    const [found, before] = await Promise.all([
      photos.bulkGet([...new Set(shown.map((f) => f.hash as string))]),
      photos.where('stack').equals(key).toArray(),
    ]);
    const byId = new Map([...before, ...found.flatMap((p) => (p ? [p] : []))].map((p) => [p.id, p]));
    const pathOf = new Map<string, string>();
    for (const f of shown) if (!pathOf.has(f.hash as string)) pathOf.set(f.hash as string, f.path);
    const members: Member[] = [];
    for (const [id, path] of pathOf) {
      const p = byId.get(id);
      if (p && !isVideoType(p.mediaType)) members.push({ id, path, mediaType: p.mediaType, pickedTop: p.userEdits?.stackTop, unstacked: p.userEdits?.unstacked, contentId: p.contentId });
    }
    // Every video file counts (a MOV not shown yet still pairs by name); a shown one, with its ContentIdentifier.
    const videos: Video[] = rows.filter((f) => isVideoType(f.mediaType)).map((f) => {
      const p = f.hash && pathOf.has(f.hash) ? byId.get(f.hash) : undefined;
      return p ? { id: p.id, contentId: p.contentId } : {};
    });
    const embedded = new Set(members.filter((m) => byId.get(m.id)?.motion).map((m) => m.id));
    const placed = place(group[1], members, videos, embedded);
    for (const p of byId.values()) {
      const at = placed.get(p.id) ?? { folded: false, live: !!p.motion };
      // In no stack of files but in a burst the person stacked: the burst places it.
      if (!at.stack && p.userEdits?.burst) {
        bursts.add(userBurstKey(p.userEdits.burst));
        if (isUserBurst(p.stack)) continue;
      }
      const next = placedRow(p, { ...at, stack: at.stack && key });
      if (next) changed.push(next);
    }
  }
  await photos.bulkPut(changed);
  return [...changed, ...(await placeBursts(photos, [...bursts]))];
}

/** The row placed as `at` says, or undefined when nothing grouping owns changes. */
function placedRow(p: PhotoRow, at: { stack?: string; folded: boolean; stackSize?: number; live: boolean }): PhotoRow | undefined {
  const next: PhotoRow = { ...p, stack: at.stack, folded: at.folded, stackSize: at.stackSize, live: at.live };
  if (PLACED.every((f) => (p[f] ?? false) === (next[f] ?? false))) return undefined;
  for (const f of PLACED) if (next[f] === undefined || next[f] === false) delete next[f];
  next.hidden = hiddenOf(next);
  return next;
}

/**
 * Place the bursts the person stacked (`userEdits.burst`, stack `burst:<id>`), as stacks of files
 * are placed: the person's top, else the first JPEG by name; Unstack keeps them side by side. Their
 * members are read through the `stack` index, all bursts at once. Returns the photos that moved.
 */
export async function placeBursts(photos: ShoeboxDb['photos'], keys: readonly string[]): Promise<PhotoRow[]> {
  if (!keys.length) return [];
  const rows = await photos.where('stack').anyOf([...new Set(keys)]).toArray();
  const byKey = new Map<string, PhotoRow[]>();
  for (const p of rows) byKey.set(p.stack as string, [...(byKey.get(p.stack as string) ?? []), p]);
  const changed: PhotoRow[] = [];
  for (const [key, members] of byKey) {
    const stills: Member[] = members
      .filter((p) => !isVideoType(p.mediaType))
      .map((p) => ({ id: p.id, path: p.name, mediaType: p.mediaType, pickedTop: p.userEdits?.stackTop, unstacked: p.userEdits?.unstacked }));
    const placed = place(key, stills, [], new Set(members.filter((p) => p.motion).map((p) => p.id)));
    for (const p of members) {
      const next = placedRow(p, { ...(placed.get(p.id) ?? { folded: false, live: !!p.motion }), stack: key });
      if (next) changed.push(next);
    }
  }
  await photos.bulkPut(changed);
  return changed;
}

/**
 * Place again the groups of these files, inside the caller's transaction (files, photos,
 * months), and recount the months whose photos moved in or out of the timeline.
 */
export async function restack(db: ShoeboxDb, touched: readonly Pick<FileRow, 'sourceId' | 'path' | 'shot' | 'pairedShot'>[]): Promise<void> {
  const changed = await restackGroups(db.files, db.photos, touched.map((f) => [f.sourceId, fileGroup(f)]));
  await recountMonths(db, changed.map((p) => p.takenAt));
}

/** The other files of `file`'s folder with its name and another extension (`IMG_1.HEIC`: `IMG_1.MOV`, `IMG_1.DNG`), there now. */
async function sameName(files: ShoeboxDb['files'], file: FileRow): Promise<FileRow[]> {
  const dot = file.path.lastIndexOf('.');
  const stem = dot > file.path.lastIndexOf('/') + 1 ? file.path.slice(0, dot + 1) : `${file.path}.`;
  const rows = await files.where('[sourceId+path]').between([file.sourceId, stem], [file.sourceId, `${stem}\uffff`]).toArray();
  return rows.filter((f) => f.path !== file.path && f.status !== 'missing' && groupKey(f.path) === groupKey(file.path));
}

/**
 * Settle `pairedShot` for files about to be written (their own `shot` set from what they say): a
 * file that says no shot joins the one its same-named files say, when they say exactly one; a
 * file that says one brings its same-named, silent files along. Returns those other files,
 * changed, with what they were (their old groups must be placed again too).
 */
export async function settleShots(files: ShoeboxDb['files'], batch: FileRow[]): Promise<{ before: FileRow[]; after: FileRow[] }> {
  const inBatch = new Map(batch.map((f) => [f.id, f]));
  const others = new Map<number | undefined, { before: FileRow; after: FileRow }>();
  // Every file's range read at once (one wait, not one per file); settled in order below.
  const named = await Promise.all(batch.map((file) => sameName(files, file)));
  for (const [i, file] of batch.entries()) {
    const siblings = (named[i] as FileRow[]).map((s) => inBatch.get(s.id) ?? others.get(s.id)?.after ?? s);
    if (file.shot) {
      delete file.pairedShot;
      for (const s of siblings) {
        if (s.shot || s.pairedShot === file.shot) continue;
        if (inBatch.has(s.id)) s.pairedShot = file.shot;
        else others.set(s.id, { before: others.get(s.id)?.before ?? s, after: { ...s, pairedShot: file.shot } });
      }
    } else {
      const said = new Set(siblings.flatMap((s) => s.shot ?? []));
      if (said.size === 1) file.pairedShot = [...said][0];
      else delete file.pairedShot;
    }
  }
  return { before: [...others.values()].map((o) => o.before), after: [...others.values()].map((o) => o.after) };
}

/** A file of a stack, as the viewer lists it. */
export interface StackFile {
  path: string;
  mediaType?: string;
  /** The photo it shows, when it was indexed as one. */
  photoId?: string;
  status: FileRow['status'];
}

/** Every file of the photo's stack (the pictures, a Live Photo's MOV), by path. */
export async function stackFiles(db: ShoeboxDb, photo: Pick<PhotoRow, 'stack'>): Promise<StackFile[]> {
  if (!photo.stack) return [];
  const rows = isUserBurst(photo.stack) ? await burstFiles(db, photo.stack) : await groupFiles(db.files, groupOf(photo.stack));
  return rows.map((f) => ({ path: f.path, mediaType: f.mediaType, photoId: f.status === 'indexed' ? f.hash : undefined, status: f.status }));
}

/** The files of a burst the person stacked (its frames may be in any folder), by path: through `photos.stack`, then `files.hash`. */
async function burstFiles(db: ShoeboxDb, stack: string): Promise<FileRow[]> {
  return db.transaction('r', [db.photos, db.files], async () => {
    const ids = (await db.photos.where('stack').equals(stack).primaryKeys()) as string[];
    const rows = await db.files.where('hash').anyOf(ids).toArray();
    return rows.filter((f) => f.status !== 'missing').sort((a, b) => (a.path < b.path ? -1 : 1));
  });
}

/** Change the person's stack choices on every member, and place the stack again: one transaction. */
async function decide(db: ShoeboxDb, photoId: string, edit: (member: PhotoRow) => UserEdits): Promise<PhotoRow | undefined> {
  return db.transaction('rw', [db.files, db.photos, db.months], async () => {
    const photo = await db.photos.get(photoId);
    if (!photo?.stack) return photo;
    const members = await db.photos.where('stack').equals(photo.stack).toArray();
    await db.photos.bulkPut(members.map((m) => ({ ...m, userEdits: edit(m) })));
    const changed = isUserBurst(photo.stack) ? await placeBursts(db.photos, [photo.stack]) : await restackGroups(db.files, db.photos, [groupOf(photo.stack)]);
    await recountMonths(db, [...members, ...changed].map((p) => p.takenAt));
    return db.photos.get(photoId);
  });
}

/** The person's "Unstack" (or "Stack again"): kept on every member, so re-indexing any of them keeps it. */
export function setUnstacked(db: ShoeboxDb, photoId: string, unstacked: boolean): Promise<PhotoRow | undefined> {
  return decide(db, photoId, (m) => ({ ...m.userEdits, unstacked }));
}

/** The person puts this photo on top of its stack. */
export function pickTop(db: ShoeboxDb, photoId: string): Promise<PhotoRow | undefined> {
  return decide(db, photoId, (m) => ({ ...m.userEdits, stackTop: m.id === photoId }));
}

/** Where a live photo's motion is: a Live Photo's MOV file, or the byte range of a Motion Photo's video in its own file. */
export type MotionSource = { file: FileRow; range?: { start: number; length: number } };

/** The motion of a live photo, from the files that show it (the first one that has it). */
export async function motionOf(db: ShoeboxDb, photo: PhotoRow): Promise<MotionSource[]> {
  if (!photo.live) return [];
  const files = (await db.files.where('hash').equals(photo.id).toArray()).filter((f) => f.status === 'indexed');
  const motion = photo.motion;
  if (motion) return files.map((file) => ({ file, range: { start: file.size - motion.fromEnd, length: motion.length } }));
  const found: MotionSource[] = [];
  for (const f of files) {
    const videos = (await groupFiles(db.files, [f.sourceId, fileGroup(f)])).filter((s) => isVideoType(s.mediaType));
    const shown = await db.photos.bulkGet(videos.map((s) => s.hash ?? ''));
    videos.forEach((file, i) => {
      if (sameShot(photo, { contentId: shown[i]?.contentId })) found.push({ file });
    });
  }
  return found;
}
