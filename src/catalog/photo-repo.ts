import type { ShoeboxDb } from './db';
import { carryOver, contentChanges, inherit, refreshPresence } from './identity';
import { dropPlaceholders } from './placeholder-repo';
import { hintFileRegions, writeFaces } from './face-repo';
import { composeLabels, modelLabels, recountLabels } from './label-repo';
import { taughtFor } from './taught-repo';
import { restack, settleShots } from './stack-repo';
import { shotOf } from './stack-rules';
import { recountMonths } from './timeline-repo';
import type { FileRow, ImportProgress, IndexOutcome, PhotoMeta, PhotoRow, TaughtRow, UserEdits } from './types';
import { hiddenOf } from './visibility';

export async function getPhoto(db: ShoeboxDb, id: string): Promise<PhotoRow | undefined> {
  return db.photos.get(id);
}

/** Photos by id, in the order asked (one bulk read); ids no longer there are left out. */
export async function getPhotos(db: ShoeboxDb, ids: readonly string[]): Promise<PhotoRow[]> {
  return (await db.photos.bulkGet([...ids])).flatMap((p) => (p ? [p] : []));
}

export async function getPreview(db: ShoeboxDb, id: string): Promise<Blob | undefined> {
  return (await db.previews.get(id))?.blob;
}

/** Thumbnails for many photos at once: one bulk read for a screenful of tiles. */
export async function getThumbs(db: ShoeboxDb, ids: readonly string[]): Promise<Map<string, Blob>> {
  const map = new Map<string, Blob>();
  // None asked (a view before its photos are found): no transaction, nothing queued before others' reads.
  if (!ids.length) return map;
  const rows = await db.thumbs.bulkGet([...ids]);
  for (const row of rows) if (row) map.set(row.id, row.blob);
  return map;
}

type PhotoFacts = Omit<Extract<IndexOutcome, { kind: 'photo' }>, 'kind' | 'fileId' | 'tile' | 'preview'>;

function photoRow(o: PhotoFacts, file: FileRow | undefined, existing: PhotoRow | undefined, now: number, taught: readonly TaughtRow[] = []): PhotoRow {
  const { takenAt, warnings, ...meta } = o.meta;
  const shape = { width: o.width, height: o.height, mediaType: o.mediaType, make: meta.make, model: meta.model, monochrome: o.monochrome, keywords: existing?.userEdits?.keywords ?? meta.keywords };
  // Where vision ran, the detector's labels and the taught labels its vector scores above their
  // threshold; without vision here this time, what an earlier analysis found rather than forget it.
  const model = o.vision ? [...o.vision.labels, ...taughtFor(taught, o.vision.embedding)] : existing && modelLabels(existing.labelInfo);
  const nsfw = o.vision?.nsfw ?? existing?.nsfw;
  const row: PhotoRow = {
    ...composeLabels(shape, model, existing?.userEdits),
    people: o.vision?.people ?? existing?.people,
    nsfw,
    private: nsfw ?? false,
    hidden: 0,
    colors: o.colors,
    monochrome: o.monochrome,
    ...meta,
    id: o.hash,
    takenAt: takenAt ?? file?.mtime ?? now,
    takenAtSource: takenAt === undefined ? 'mtime' : 'exif',
    width: o.width,
    height: o.height,
    mediaType: o.mediaType,
    // The first name seen stays, so a copy elsewhere does not rename the tile.
    name: existing?.name ?? o.name,
    damaged: o.damaged,
    addedAt: existing?.addedAt ?? now,
    warnings,
    ...(o.video ? { video: o.video } : {}),
    // A photo indexed before hashes existed gets one now; a sidecar-only reread keeps its own.
    ...(o.phash ? { phash: o.phash } : {}),
    // Set by whoever recognises a Live or Motion Photo (it is not in the file's own outcome).
    ...(existing?.live ? { live: existing.live } : {}),
    ...(existing?.userEdits ? { userEdits: existing.userEdits } : {}),
  };
  return applyEdits(row, existing?.userEdits);
}

/** A photo whose file's metadata was read again (its sidecar changed): everything else is as it was. */
function rereadRow(old: PhotoRow, meta: PhotoMeta, file: FileRow, now: number): PhotoRow {
  const { id, name, mediaType, width, height, damaged, colors, monochrome, video, phash } = old;
  return photoRow({ hash: id, name, mediaType, width, height, damaged, colors, monochrome, meta, phash, ...(video ? { video } : {}) }, file, old, now);
}

/** The person's edits over what the file and the models say; `hidden` follows `private` (visibility.ts). */
export function applyEdits(row: PhotoRow, edits: UserEdits | undefined): PhotoRow {
  const out = { ...row };
  if (edits) {
    for (const key of ['title', 'description', 'keywords', 'rating', 'private', 'favorite', 'albums', 'archived', 'takenAt', 'rotation', 'duplicateOf'] as const) {
      if (edits[key] !== undefined) Object.assign(out, { [key]: edits[key] });
    }
    // A date set or shifted by the person (batch-edits.ts); '' says "no time zone", whatever the file says.
    if (edits.takenAtOffset === '') delete out.takenAtOffset;
    else if (edits.takenAtOffset !== undefined) out.takenAtOffset = edits.takenAtOffset;
    // A place the person set (or cleared) wins over the file's GPS; the town is named again for it (place-repo.ts).
    if (edits.gps === null) delete out.gps;
    else if (edits.gps) out.gps = edits.gps;
  }
  // A town named for another point (or for none: a place edit cleared or taken away) is named again.
  if (out.place && (!out.gps || out.place.at[0] !== out.gps.lat || out.place.at[1] !== out.gps.lng)) delete out.place;
  out.hidden = hiddenOf(out);
  return out;
}

/** Record a person's edit: it shows at once and survives every re-index of the file. */
export async function editPhoto(db: ShoeboxDb, id: string, edits: UserEdits): Promise<void> {
  await db.transaction('rw', [db.photos, db.months], async () => {
    const photo = await db.photos.get(id);
    if (!photo) throw new Error('This photo is no longer in the library.');
    const userEdits = { ...photo.userEdits, ...edits };
    await db.photos.put(applyEdits({ ...photo, userEdits }, userEdits));
    // Making a photo private (or not) changes how many its month shows.
    if (edits.private !== undefined) await recountMonths(db, [photo.takenAt]);
  });
}

/**
 * Store the results of a batch of indexed files in one transaction: file statuses, photos,
 * tiles, previews, finished jobs and the shared progress. Either all of it lands or none does,
 * so a full disk leaves the catalogue consistent and the jobs still queued.
 */
export async function writeOutcomes(
  db: ShoeboxDb,
  finished: readonly { jobId: number; outcome: IndexOutcome }[],
  options: { keepPreviews?: boolean } = {},
): Promise<void> {
  const now = Date.now();
  const tables = [db.files, db.photos, db.thumbs, db.previews, db.jobs, db.meta, db.months, db.labelCounts, db.faces, db.people, db.clusters, db.faceHints, db.embeddings, db.taught];
  await db.transaction('rw', tables, async () => {
    const read = await db.files.bulkGet(finished.map((o) => o.outcome.fileId));
    const { outcomes, files } = await notSuperseded(db, finished, read);
    const photos = outcomes.flatMap(({ outcome }) => (outcome.kind === 'photo' ? [outcome] : []));
    const existing = await db.photos.bulkGet(photos.map((p) => p.hash));
    const existingById = new Map(existing.flatMap((p) => (p ? [[p.id, p] as const] : [])));
    const fileById = new Map(files.flatMap((f) => (f?.id !== undefined ? [[f.id, f] as const] : [])));

    // Files whose sidecar alone changed: their photo is read again from its row and the new metadata.
    const rereads = outcomes.flatMap(({ outcome }) => (outcome.kind === 'meta' ? [outcome] : []));
    const rereadOld = new Map((await db.photos.bulkGet(rereads.map((m) => fileById.get(m.fileId)?.hash ?? ''))).flatMap((p) => (p ? [[p.id, p] as const] : [])));
    const reread = rereads.flatMap((m) => {
      const file = fileById.get(m.fileId);
      const old = file?.hash ? rereadOld.get(file.hash) : undefined;
      return file && old ? [{ file, old, row: rereadRow(old, m.meta, file, now) }] : [];
    });

    const fileUpdates: FileRow[] = [];
    for (const { outcome } of outcomes) {
      const file = fileById.get(outcome.fileId);
      if (!file) continue; // removed with its source while it was being indexed
      if (outcome.kind === 'meta') {
        // Its photo gone meanwhile: the next scan indexes the file whole.
        fileUpdates.push({ ...file, status: reread.some((r) => r.file === file) ? 'indexed' : 'pending', error: undefined });
        continue;
      }
      fileUpdates.push(
        outcome.kind === 'photo'
          // A photo shown with a problem (a video this browser cannot decode) is listed under
          // Problems too: `unsupported` with the reason, while its photo is in the timeline.
          ? { ...file, hash: outcome.hash, mediaType: outcome.mediaType, status: outcome.note ? 'unsupported' : 'indexed', error: outcome.note }
          : { ...file, hash: outcome.hash ?? file.hash, mediaType: outcome.mediaType, status: outcome.status, error: outcome.error },
      );
      // What the file says it belongs to (a Live Photo's id, an Apple burst's), whatever its name.
      const row = fileUpdates[fileUpdates.length - 1] as FileRow;
      const shot = outcome.kind === 'photo' ? shotOf(outcome.meta) : undefined;
      if (shot) row.shot = shot;
      else delete row.shot;
    }
    const siblings = await settleShots(db.files, fileUpdates);
    await db.files.bulkPut([...fileUpdates, ...siblings.after]);
    // Bytes found again at a new path: the old, missing path was a move or rename.
    const found = await db.files.where('hash').anyOf(photos.map((p) => p.hash)).toArray();
    await db.files.bulkDelete(found.filter((f) => f.status === 'missing').map((f) => f.id as number));
    // A file whose bytes changed in place takes the person's work with it to its new content.
    const changes = contentChanges(photos, fileById);
    const { predecessors, retired } = await carryOver(db, changes);
    // Labels the person taught, for the photos whose vector was made now.
    const taught = photos.some((p) => p.vision?.embedding) ? await db.taught.toArray() : [];
    const rows = [
      ...photos.map((p) => photoRow(p, fileById.get(p.fileId), inherit(existingById.get(p.hash), predecessors.get(p.hash)), now, taught)),
      ...reread.map((r) => r.row),
    ];
    await db.photos.bulkPut(rows);
    // RAW + JPEG, bursts, Live and Motion Photos: the groups of these files are placed again
    // (the groups they were in too, when what they say moved them).
    await restack(db, [...fileById.values(), ...fileUpdates, ...siblings.before, ...siblings.after]);
    const before = [...existingById.values(), ...retired, ...reread.map((r) => r.old)];
    await recountMonths(db, [...rows, ...before].map((p) => p.takenAt));
    await recountLabels(db, [...rows, ...before]);
    // The old content of a changed file may now be shown by no file at all.
    await refreshPresence(db, changes.map((c) => c.from));
    await db.thumbs.bulkPut(photos.map((p) => ({ id: p.hash, ...p.tile })));
    // What each looks like, where vision ran this time (a photo indexed without it keeps what it had).
    await db.embeddings.bulkPut(photos.flatMap((p) => (p.vision?.embedding ? [{ id: p.hash, ...p.vision.embedding }] : [])));
    if (options.keepPreviews !== false) await db.previews.bulkPut(photos.map((p) => ({ id: p.hash, ...p.preview })));
    // Faces only where vision ran this time; keyed by photo, so a file and its copy in one batch
    // store the photo's faces once.
    // Names the file's own XMP regions give wait as hints, for the faces found now or later.
    await hintFileRegions(db, photos.map((p) => ({ photoId: p.hash, regions: p.meta.regions })));
    await hintFileRegions(db, reread.map((r) => ({ photoId: r.row.id, regions: r.row.regions })), true);
    const faces = new Map(photos.flatMap((p) => (p.vision?.faces ? [[p.hash, p.vision.faces] as const] : [])));
    await writeFaces(db, [...faces].map(([photoId, found]) => ({ photoId, faces: found })));
    await db.jobs.bulkDelete(outcomes.map((o) => o.jobId));
    await dropPlaceholders(db, outcomes.map((o) => o.outcome.fileId));

    const progress = await db.meta.get('import');
    if (progress) {
      const failed = outcomes.filter((o) => o.outcome.kind === 'problem').length;
      await db.meta.put({
        ...progress,
        done: progress.done + outcomes.length,
        failed: progress.failed + failed,
        updatedAt: now,
      });
    }
  });
}

/**
 * Outcomes whose job was not replaced while it ran. A file that changed while queued, or whose
 * sidecar came, went or changed (a rescan meanwhile: file-repo.ts), gets a new job: the one that
 * ran read what is no longer there, and the new one reads the file again, so it counts once.
 */
async function notSuperseded<T extends { jobId: number; outcome: IndexOutcome }>(
  db: ShoeboxDb,
  finished: readonly T[],
  files: readonly (FileRow | undefined)[],
): Promise<{ outcomes: readonly T[]; files: readonly (FileRow | undefined)[] }> {
  const keys = files.flatMap((f) => (f ? [[f.sourceId, f.path] as [number, string]] : []));
  const queued = await db.jobs.where('[sourceId+path]').anyOf(keys).toArray();
  const jobOf = new Map(queued.map((j) => [j.fileId, j.id]));
  const kept = finished.map((o) => !jobOf.has(o.outcome.fileId) || jobOf.get(o.outcome.fileId) === o.jobId);
  if (kept.every(Boolean)) return { outcomes: finished, files };
  return { outcomes: finished.filter((_, i) => kept[i]), files: files.filter((_, i) => kept[i]) };
}

/** Add to the shared counters in one transaction: two scans (or tabs) counting at once both count. */
export async function countProgress(db: ShoeboxDb, add: { found?: number }): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const progress = await db.meta.get('import');
    if (progress) await db.meta.put({ ...progress, found: progress.found + (add.found ?? 0), updatedAt: Date.now() });
  });
}

export async function readProgress(db: ShoeboxDb): Promise<ImportProgress | undefined> {
  return db.meta.get('import');
}

export async function writeProgress(db: ShoeboxDb, patch: Partial<Omit<ImportProgress, 'key'>>): Promise<ImportProgress> {
  return db.transaction('rw', db.meta, async () => {
    const now = Date.now();
    const current: ImportProgress = (await db.meta.get('import')) ?? {
      key: 'import', state: 'idle', found: 0, done: 0, failed: 0, startedAt: now, updatedAt: now,
    };
    const next = { ...current, ...patch, key: 'import' as const, updatedAt: now };
    await db.meta.put(next);
    return next;
  });
}
