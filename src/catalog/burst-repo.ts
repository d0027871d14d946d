import type { ShoeboxDb } from './db';
import { filesOf, type DuplicateMember } from './duplicate-repo';
import { hashOfKey } from './near-duplicates';
import { BURST_THRESHOLD, burstPairs, joinPairs, type Timed } from './bursts';
import { placeBursts } from './stack-repo';
import { isVideoType, userBurstKey } from './stack-rules';
import { recountMonths } from './timeline-repo';
import type { PhotoRow } from './types';
import { byVisibility, shownLevels } from './visibility';

/**
 * Bursts Shoebox offers to stack (bursts.ts finds them), and the person's "Stack this burst": the
 * burst's id (its first frame's) on every frame (`userEdits.burst`), so the frames are a stack
 * (`burst:<id>`, placed by stack-repo.ts like a stack of files) that survives re-indexing and goes
 * with the backup. One transaction; undone by `unstackBurst`.
 */

/** A burst offered: its frames by time, with their files, and the camera that took them. */
export interface BurstOffer {
  members: DuplicateMember[];
  camera: string;
  /** From the first frame to the last, in ms. */
  span: number;
}

/** The folders a photo's files are in (`<folder name>/<path's folder>`). */
const foldersOf = (m: DuplicateMember) => new Set(m.files.map((f) => `${f.source}/${f.path.slice(0, f.path.lastIndexOf('/') + 1)}`));

/** Two photos may be frames of one burst: dated by their camera, the same camera, not in a stack, a still, in one folder. */
function frames(a: DuplicateMember, b: DuplicateMember): boolean {
  const ok = (p: PhotoRow) => p.takenAtSource === 'exif' && !!p.make && !!p.model && !p.stack && !p.provisional && !p.missing && !isVideoType(p.mediaType);
  if (!ok(a.photo) || !ok(b.photo) || a.photo.make !== b.photo.make || a.photo.model !== b.photo.model) return false;
  const folders = foldersOf(a);
  return [...foldersOf(b)].some((f) => folders.has(f));
}

/**
 * Bursts among the photos the timeline shows, newest first. The timeline's index gives every
 * photo's time (keys only), `dupKeys` its hash (keys only); only photos near one taken just before
 * are read. A group whose frames all carry one time is copies, not a burst (the Duplicates' own).
 */
export async function burstOffers(db: ShoeboxDb, includePrivate: boolean): Promise<BurstOffer[]> {
  return db.transaction('r', [db.photos, db.files, db.sources], async () => {
    const band = db.photos.where('dupKeys').startsWith('0');
    const [order, keys, ids] = await Promise.all([
      Promise.all(shownLevels(includePrivate).map((h) => byVisibility(db, h).keys())),
      band.keys(),
      band.primaryKeys(),
    ]);
    const hashes = new Map(ids.map((id, i) => [id as string, hashOfKey(keys[i] as string)]));
    const timed: Timed[] = order
      .flat()
      .flatMap((key) => {
        const [, takenAt, id] = key as unknown as [number, number, string];
        const hash = hashes.get(id);
        return hash ? [{ id, takenAt, hash }] : [];
      })
      .sort((a, b) => a.takenAt - b.takenAt || (a.id < b.id ? -1 : 1));
    const pairs = burstPairs(timed, BURST_THRESHOLD);
    const wanted = [...new Set(pairs.flat().map((i) => (timed[i] as Timed).id))];
    const [rows, files] = await Promise.all([db.photos.bulkGet(wanted), filesOf(db, wanted)]);
    const members = new Map(rows.flatMap((photo) => (photo ? [[photo.id, { photo, files: files.get(photo.id) ?? [] }] as const] : [])));
    const kept = pairs.filter(([a, b]) => {
      const [ma, mb] = [members.get((timed[a] as Timed).id), members.get((timed[b] as Timed).id)];
      return !!ma && !!mb && frames(ma, mb);
    });
    return joinPairs(timed, kept)
      .map((g) => g.map((t) => members.get(t.id) as DuplicateMember))
      .filter((g) => new Set(g.map((m) => m.photo.takenAt)).size > 1)
      .map((g) => {
        const first = g[0] as DuplicateMember;
        return { members: g, camera: `${first.photo.make} ${first.photo.model}`, span: (g[g.length - 1] as DuplicateMember).photo.takenAt - first.photo.takenAt };
      })
      .sort((a, b) => (b.members[0] as DuplicateMember).photo.takenAt - (a.members[0] as DuplicateMember).photo.takenAt);
  });
}

const TABLES = (db: ShoeboxDb) => [db.photos, db.months, db.settings];

/** Stack these photos as one burst (the first by time on top, unless the person puts another there): one transaction, undone by `unstackBurst`. */
export async function stackBurst(db: ShoeboxDb, ids: readonly string[]): Promise<string> {
  return db.transaction('rw', TABLES(db), async () => {
    const rows = await db.photos.bulkGet([...ids]);
    if (rows.some((p) => !p)) throw new Error('A photo of this burst is no longer in the library.');
    const photos = (rows as PhotoRow[]).sort((a, b) => a.takenAt - b.takenAt || a.name.localeCompare(b.name));
    if (photos.some((p) => p.stack)) throw new Error('A photo of this burst is in a stack already.');
    const id = (photos[0] as PhotoRow).id;
    await db.photos.bulkPut(photos.map((p) => ({ ...p, userEdits: { ...p.userEdits, burst: id } })));
    const moved = await placeBursts(db.photos, [userBurstKey(id)]);
    await recountMonths(db, [...photos, ...moved].map((p) => p.takenAt));
    await db.settings.put({ key: 'burstUndo', value: id });
    return id;
  });
}

/** The burst's frames side by side again, as before "Stack this burst" (the person's top and Unstack forgotten too): one transaction. */
export async function unstackBurst(db: ShoeboxDb, id: string): Promise<void> {
  await db.transaction('rw', TABLES(db), async () => {
    const key = userBurstKey(id);
    const members = (await db.photos.where('stack').equals(key).toArray()).filter((p) => p.userEdits?.burst === id);
    await db.photos.bulkPut(members.map((p) => {
      const userEdits = { ...p.userEdits };
      delete userEdits.burst;
      delete userEdits.stackTop;
      delete userEdits.unstacked;
      const row: PhotoRow = { ...p, userEdits };
      for (const f of ['stack', 'folded', 'stackSize'] as const) delete row[f];
      return row;
    }));
    await recountMonths(db, members.map((p) => p.takenAt));
    const last = await db.settings.get('burstUndo');
    if (last?.key === 'burstUndo' && last.value === id) await db.settings.delete('burstUndo');
  });
}

/** The last "Stack this burst", while it is stacked (it survives a reload): its id and how many frames it holds. */
export async function lastBurst(db: ShoeboxDb): Promise<{ id: string; frames: number } | undefined> {
  return db.transaction('r', [db.settings, db.photos], async () => {
    const row = await db.settings.get('burstUndo');
    if (row?.key !== 'burstUndo') return undefined;
    const frames = await db.photos.where('stack').equals(userBurstKey(row.value)).count();
    return frames ? { id: row.value, frames } : undefined;
  });
}
