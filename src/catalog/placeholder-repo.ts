import type { ShoeboxDb } from './db';
import { recountMonths } from './timeline-repo';
import type { EncodedImage, JobRow, PhotoRow } from './types';

/** Provisional photos live under `pending:<fileId>` until the file's real result replaces them. */
export const placeholderId = (fileId: number): string => `pending:${fileId}`;

/** A stand-in's id: it is replaced by its photo, under the photo's own id, once the file is read. */
export const isPlaceholderId = (id: string): boolean => id.startsWith('pending:');

export interface PlaceholderInput {
  fileId: number;
  name: string;
  takenAt?: number;
  thumb: EncodedImage;
}

/** How many stand-ins the catalogue holds, through the primary key's prefix range. */
export async function standInCount(db: ShoeboxDb): Promise<number> {
  return db.photos.where('id').startsWith('pending:').count();
}

/** Queued jobs whose embedded thumbnail has not been looked for yet, through the `peeked` index. */
export async function unpeekedJobs(db: ShoeboxDb, limit: number): Promise<JobRow[]> {
  return db.jobs.where('peeked').equals(0).limit(limit).toArray();
}

/**
 * Show waiting files at once: one transaction stores their stand-in photos and tiles and marks
 * the jobs looked at (also those without a thumbnail, so they are not looked at again). What does
 * not depend on another step is asked for together: the first tile's write is on its way to the
 * screen, and each step in turn is a round trip to the browser's IndexedDB thread (8 in a row
 * took 55–140 ms of a first tile while the cores were busy; session 39).
 */
export async function writePlaceholders(db: ShoeboxDb, jobs: readonly JobRow[], found: readonly PlaceholderInput[]): Promise<void> {
  const now = Date.now();
  await db.transaction('rw', [db.jobs, db.files, db.photos, db.thumbs, db.months], async () => {
    const [queued, files] = await Promise.all([db.jobs.bulkGet(jobs.map((j) => j.id as number)), db.files.bulkGet(found.map((p) => p.fileId))]);
    const still = new Set(queued.flatMap((j) => (j ? [j.fileId] : [])));
    const mtimes = new Map(files.flatMap((f) => (f?.id === undefined ? [] : [[f.id, f.mtime] as const])));
    const live = found.filter((p) => still.has(p.fileId)); // indexed or cancelled meanwhile: no stand-in
    const photos: PhotoRow[] = live.map((p) => ({
      id: placeholderId(p.fileId),
      provisional: true,
      takenAt: p.takenAt ?? mtimes.get(p.fileId) ?? now,
      takenAtSource: p.takenAt === undefined ? 'mtime' : 'exif',
      width: p.thumb.width,
      height: p.thumb.height,
      mediaType: 'image/jpeg',
      name: p.name,
      damaged: false,
      addedAt: now,
      keywords: [],
      warnings: [],
      labels: [],
      categories: [],
      labelInfo: [],
      colors: [],
      monochrome: false,
      private: false,
      hidden: 0,
    }));
    await Promise.all([
      // (The months are counted once the photos are in.)
      db.photos.bulkPut(photos).then(() => recountMonths(db, photos.map((p) => p.takenAt))),
      db.thumbs.bulkPut(live.map((p) => ({ id: placeholderId(p.fileId), ...p.thumb }))),
      db.jobs.bulkUpdate(jobs.filter((j) => still.has(j.fileId)).map((j) => ({ key: j.id as number, changes: { peeked: 1 as const } }))),
    ]);
  });
}

/** Remove the stand-ins of these files (indexed, failed, vanished or cancelled). */
export async function dropPlaceholders(db: ShoeboxDb, fileIds: readonly number[]): Promise<void> {
  const ids = fileIds.map(placeholderId);
  await db.transaction('rw', [db.photos, db.thumbs, db.months], async () => {
    const gone = (await db.photos.bulkGet(ids)).flatMap((p) => (p ? [p.takenAt] : []));
    if (!gone.length) return;
    await db.photos.bulkDelete(ids);
    await db.thumbs.bulkDelete(ids);
    await recountMonths(db, gone);
  });
}

/** Every stand-in, through the primary key's prefix range. */
export async function dropAllPlaceholders(db: ShoeboxDb): Promise<void> {
  await db.transaction('rw', [db.photos, db.thumbs, db.months], async () => {
    const standIns = db.photos.where('id').startsWith('pending:');
    const gone = (await standIns.toArray()).map((p) => p.takenAt);
    await standIns.delete();
    await db.thumbs.where('id').startsWith('pending:').delete();
    await recountMonths(db, gone);
  });
}

/**
 * A photo by id, following a stand-in to the photo that replaced it: a tile clicked just as its
 * file finished indexing still opens (the grid may show the stand-in a moment longer).
 */
export async function photoOrSuccessor(db: ShoeboxDb, id: string): Promise<PhotoRow | undefined> {
  const photo = await db.photos.get(id);
  if (photo || !id.startsWith('pending:')) return photo;
  const hash = (await db.files.get(Number(id.slice('pending:'.length))))?.hash;
  return hash ? db.photos.get(hash) : undefined;
}
