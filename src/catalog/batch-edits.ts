import type { ShoeboxDb } from './db';
import { applyEdits } from './photo-repo';
import type { GeoPoint, PhotoRow, UserEdits } from './types';

/**
 * Batch changes that write several of a photo's fields at once (batch-repo.ts runs them): the date
 * and its time zone, set or shifted; the title and the caption; the turn; the place. Each is the person's edit
 * (`userEdits`), so it survives re-indexing and goes with the backup; the file is never touched.
 */
export type FieldsChange =
  /** `set`: this wall-clock time (ms, as if UTC, like `takenAt`); else `shiftMs` added to each photo's. `zone`: a UTC offset (`+02:00`), '' for none, absent to keep each photo's. */
  | { kind: 'date'; set?: number; shiftMs?: number; zone?: string }
  /** Absent: left as it is; '' clears it. */
  | { kind: 'text'; title?: string; description?: string }
  /** Turn each photo clockwise by this much, from where the person left it (`rotation`); the file is never touched. */
  | { kind: 'rotate'; by: 90 | 180 | 270 }
  /** Where they were taken: a point (`name`: the place it was chosen by, for the undo toast), or null to clear it. The file's GPS is never touched. */
  | { kind: 'place'; gps: { lat: number; lng: number } | null; name?: string };

type Key = 'takenAt' | 'takenAtOffset' | 'title' | 'description' | 'rotation' | 'gps';
type Value = string | number | GeoPoint | null;
/** Field values as stored: a point read back from IndexedDB is a copy, so it is compared by value. */
const same = (a: unknown, b: unknown) => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/** One field as it was before a batch, and what the batch wrote (undo leaves a field changed since as it is now). */
export interface FieldBefore {
  hadEdit: boolean;
  edit?: unknown;
  value?: unknown;
  wrote: unknown;
}
export type FieldsBefore = Partial<Record<Key, FieldBefore>>;

export const isFieldsChange = (change: { kind: string }): change is FieldsChange => change.kind === 'date' || change.kind === 'text' || change.kind === 'rotate' || change.kind === 'place';

/** The edits the change makes to one photo, or undefined when it has them already. */
export function fieldEdits(photo: PhotoRow, change: FieldsChange): Partial<Record<Key, Value>> | undefined {
  const next: Partial<Record<Key, Value>> = {};
  if (change.kind === 'date') {
    const at = change.set ?? photo.takenAt + (change.shiftMs ?? 0);
    if (Number.isFinite(at) && at !== photo.takenAt) next.takenAt = at;
    if (change.zone !== undefined && change.zone !== (photo.takenAtOffset ?? '')) next.takenAtOffset = change.zone;
  } else if (change.kind === 'rotate') {
    next.rotation = ((photo.rotation ?? 0) + change.by) % 360;
  } else if (change.kind === 'place') {
    const { gps } = change;
    // Cleared: only a photo with a place has one to lose (a cleared edit stays, so the file's GPS does not come back).
    if (gps ? !(photo.gps?.lat === gps.lat && photo.gps.lng === gps.lng && photo.gps.alt === undefined) : photo.gps) next.gps = gps && { lat: gps.lat, lng: gps.lng };
  } else {
    for (const key of ['title', 'description'] as const) {
      const value = change[key];
      if (value !== undefined && value !== (photo[key] ?? '')) next[key] = value;
    }
  }
  return Object.keys(next).length ? next : undefined;
}

/** The photo with the edits made, and what each field was. */
export function withFields(photo: PhotoRow, next: Partial<Record<Key, Value>>): { row: PhotoRow; before: FieldsBefore } {
  const edits: UserEdits = photo.userEdits ?? {};
  const before: FieldsBefore = {};
  for (const [key, wrote] of Object.entries(next) as [Key, Value][]) {
    before[key] = { hadEdit: key in edits, edit: edits[key], value: photo[key], wrote };
  }
  const userEdits = { ...edits, ...next } as UserEdits;
  return { row: applyEdits({ ...photo, userEdits }, userEdits), before };
}

/** The photo as it was before, field by field, but for fields the person changed since; undefined when none is left to undo. */
export function restoreFields(photo: PhotoRow, before: FieldsBefore): PhotoRow | undefined {
  const userEdits: Record<string, unknown> = { ...photo.userEdits };
  const row: Record<string, unknown> = { ...photo, userEdits };
  let undone = false;
  for (const [key, b] of Object.entries(before) as [Key, FieldBefore][]) {
    if (!same(userEdits[key], b.wrote)) continue;
    undone = true;
    if (b.hadEdit) userEdits[key] = b.edit;
    else delete userEdits[key];
    if (b.value === undefined) delete row[key];
    else row[key] = b.value;
  }
  return undone ? applyEdits(row as unknown as PhotoRow, userEdits as UserEdits) : undefined;
}

/** "1 day 1 h 12 min later": an offset as the person typed it. */
export function formatShift(ms: number): string {
  let min = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(min / 1440);
  min -= days * 1440;
  const hours = Math.floor(min / 60);
  min -= hours * 60;
  const parts = [days ? `${days} ${days === 1 ? 'day' : 'days'}` : '', hours ? `${hours} h` : '', min ? `${min} min` : ''].filter(Boolean);
  return `${parts.join(' ') || '0 min'} ${ms < 0 ? 'earlier' : 'later'}`;
}

/** For the undo toast: "Shifted 3 photos 1 h 12 min later". */
export function describeFields(change: FieldsChange, photos: string): string {
  if (change.kind === 'place') return change.gps ? `Placed ${photos} ${change.name ? `in ${change.name}` : `at ${change.gps.lat.toFixed(4)}, ${change.gps.lng.toFixed(4)}`}` : `Cleared the place of ${photos}`;
  if (change.kind === 'rotate') return `Rotated ${photos} ${change.by === 90 ? 'right' : change.by === 270 ? 'left' : '180°'}`;
  if (change.kind === 'text') {
    const what = change.title !== undefined && change.description !== undefined ? 'the title and caption' : change.title !== undefined ? 'the title' : 'the caption';
    return `Set ${what} of ${photos}`;
  }
  const zone = change.zone === undefined ? '' : change.zone ? ` (UTC${change.zone})` : ' (no time zone)';
  if (change.set !== undefined) return `Set the date of ${photos}${zone}`;
  if (change.shiftMs) return `Shifted ${photos} ${formatShift(change.shiftMs)}${zone}`;
  return `Set the time zone of ${photos}${zone}`;
}

/** A field across a selection: its one value, or mixed. */
export interface Across<T> {
  value?: T;
  mixed: boolean;
}

export interface SelectionFields {
  title: Across<string>;
  description: Across<string>;
  zone: Across<string>;
  takenAt: Across<number>;
}

/** What the dialogs show for a selection: read 500 rows at a time, and no further once every field is mixed. */
export async function selectionFields(db: ShoeboxDb, ids: readonly string[]): Promise<SelectionFields> {
  const out: SelectionFields = { title: { mixed: false }, description: { mixed: false }, zone: { mixed: false }, takenAt: { mixed: false } };
  let first = true;
  const meet = <T>(across: Across<T>, value: T) => {
    if (first) across.value = value;
    else if (across.value !== value) {
      across.mixed = true;
      delete across.value;
    }
  };
  for (let at = 0; at < ids.length; at += 500) {
    const rows = (await db.photos.bulkGet(ids.slice(at, at + 500))).filter((p): p is PhotoRow => !!p);
    for (const p of rows) {
      meet(out.title, p.title ?? '');
      meet(out.description, p.description ?? '');
      meet(out.zone, p.takenAtOffset ?? '');
      meet(out.takenAt, p.takenAt);
      first = false;
    }
    if (Object.values(out).every((a: Across<unknown>) => a.mixed)) break;
  }
  return out;
}
