import { fold } from './terms';
import { iou, sameFace as sameFaceBox } from '../vision/detections';
import type { AlbumRecord, GeoPoint, UserEdits } from './types';

/**
 * The person's work for one granted folder as entries of a Yjs document (the catalogue kept in the
 * folder, `.shoebox/`: see folder-log.ts for the files, indexer/folder-sync.ts for the flow; the
 * document itself is folder-ydoc.ts, run in the folder worker: this file, its entries and merge
 * rules, is what the page needs, without Yjs). Yjs merges
 * documents edited apart: every device's updates, applied in any order, any number of times, give
 * the same document.
 *
 * The document is one flat `Y.Map`, one entry per smallest thing the person decides, so that two
 * devices deciding different things never overwrite each other:
 * - `p␟<hash>␟f␟<field>`: a field of the photo's edits (rating, title, date…); null once cleared;
 *   a place as `[lat, lng]` (`[lat, lng, alt]`), or `[]` for "no place" (the person cleared it);
 * - `p␟<hash>␟a␟<folded album>`: the album's name as spelled while the photo is in it, false once
 *   taken out (album membership is a set: adds made on two devices both stay);
 * - `p␟<hash>␟l␟<label>`: 'added' or 'removed' by the person, null for neither;
 * - `p␟<hash>␟n␟<box>`: the name of the person whose face is at that box (0–1, three decimals);
 * - `a␟<folded album>␟<field>`: an album's name (null once deleted), cover, order and hand order.
 * Photos are keyed by their content hash (identity.ts), so a file renamed, moved or deleted on
 * another device keeps its photo's work. Nested maps are avoided on purpose: two devices creating
 * a photo's map at once would each make their own, and one would hide the other.
 *
 * Concurrent writes of one entry resolve as Yjs resolves a map key: the same winner everywhere
 * (by the writing clients' ids), never a mix.
 */

/** The edit fields carried, as `UserEdits` names them. */
export const FIELDS = ['rating', 'favorite', 'title', 'description', 'private', 'archived', 'takenAt', 'takenAtOffset', 'rotation', 'unstacked', 'stackTop', 'duplicateOf', 'keywords', 'burst', 'gps'] as const;
export type Field = (typeof FIELDS)[number];
/** A field's value as the edits hold it; null only for a place the person cleared (`gps`). */
type FieldValue = NonNullable<UserEdits[Field]> | null;

export type Box = [number, number, number, number];
export interface FaceName {
  box: Box;
  name: string;
}

/** What the folder's catalogue says of one photo: the person's work on it, nothing derived. */
export interface PhotoWork {
  fields: Partial<Record<Field, FieldValue>>;
  /** Albums it is in, as spelled. */
  albums: string[];
  /** Labels the person added, and model labels they took off. */
  added: string[];
  removed: string[];
  /** Names given to faces on it. */
  names: FaceName[];
}
export const noWork = (): PhotoWork => ({ fields: {}, albums: [], added: [], removed: [], names: [] });

/** One entry's value; null (or absent) says "nothing decided". */
export type Value = string | number | boolean | string[] | number[] | FaceName | null;

/** The key scheme (above): parts joined by SEP, photo entries under PHOTO, album entries under ALBUM. */
export const SEP = '\u001f';
export const PHOTO = 'p';
export const ALBUM = 'a';
export const ALBUM_FIELDS = ['name', 'cover', 'order', 'hand', 'createdAt'] as const;

export const boxKey = (box: readonly number[]) => box.map((v) => v.toFixed(3)).join(',');

/** Two boxes of one face, as two devices found it (another backend or version draws it a little differently: sameFaceBox). */
export const sameFace = (a: FaceName['box'], b: FaceName['box']) => boxKey(a) === boxKey(b) || sameFaceBox(a, b);

/**
 * Names with each box replaced by the box the folder already has for that face, so that one face
 * is one entry whichever device found it (its key is the box): without this, two devices that
 * found it a pixel apart each wrote their own entry, and a name taken away on one came back from
 * the other's.
 */
export function snapNames(names: readonly FaceName[], known: readonly FaceName['box'][]): FaceName[] {
  return names.map((n) => {
    if (known.some((k) => boxKey(k) === boxKey(n.box))) return n;
    const same = known.filter((k) => sameFaceBox(k, n.box)).sort((a, b) => iou(b, n.box) - iou(a, n.box))[0];
    return same ? { ...n, box: same } : n;
  });
}

/** The face boxes entries name (a name's value, given or as it was before). */
export const boxesIn = (values: Iterable<Value | undefined>): FaceName['box'][] =>
  [...values].flatMap((v) => (v && typeof v === 'object' && !Array.isArray(v) && 'box' in v ? [(v as FaceName).box] : []));
export const snapped = (work: PhotoWork, known: FaceName['box'][]): PhotoWork => (known.length && work.names.length ? { ...work, names: snapNames(work.names, known) } : work);
const photoKey = (hash: string, kind: 'f' | 'a' | 'l' | 'n', sub: string) => [PHOTO, hash, kind, sub].join(SEP);

export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** A photo's work as entries (only what is decided: nothing absent is listed). */
export function photoEntries(hash: string, work: PhotoWork): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const field of FIELDS) {
    const v = work.fields[field];
    if (v === undefined) continue;
    out.set(photoKey(hash, 'f', field), field === 'gps' ? pointEntry(v as GeoPoint | null) : (v as Value));
  }
  for (const album of work.albums) out.set(photoKey(hash, 'a', fold(album.trim())), album);
  for (const label of work.added) out.set(photoKey(hash, 'l', label), 'added');
  for (const label of work.removed) out.set(photoKey(hash, 'l', label), 'removed');
  for (const n of work.names) out.set(photoKey(hash, 'n', boxKey(n.box)), { box: n.box, name: n.name });
  return out;
}

/** The work the entries say (entries of one photo; null and false ones say nothing). */
export function workOf(entries: Iterable<[string, Value]>): PhotoWork {
  const work = noWork();
  for (const [key, value] of entries) {
    if (value === null || value === false) continue;
    const [, , kind, sub] = key.split(SEP) as [string, string, string, string];
    if (kind === 'f' && sub === 'gps') {
      if (Array.isArray(value)) work.fields.gps = pointOf(value as number[]);
    } else if (kind === 'f' && (FIELDS as readonly string[]).includes(sub)) (work.fields as Record<string, Value>)[sub] = value;
    else if (kind === 'a' && typeof value === 'string') work.albums.push(value);
    else if (kind === 'l' && value === 'added') work.added.push(sub);
    else if (kind === 'l' && value === 'removed') work.removed.push(sub);
    else if (kind === 'n' && typeof value === 'object' && !Array.isArray(value)) work.names.push(value);
  }
  return work;
}

/** A place as an entry: its numbers, or none for a place cleared (null would say "nothing decided"). */
function pointEntry(gps: GeoPoint | null): number[] {
  return gps ? [gps.lat, gps.lng, ...(gps.alt !== undefined ? [gps.alt] : [])] : [];
}

function pointOf([lat, lng, alt]: readonly number[]): GeoPoint | null {
  if (typeof lat !== 'number' || typeof lng !== 'number') return null;
  return alt === undefined ? { lat, lng } : { lat, lng, alt };
}

/** What taking an entry away writes: false for an album (out of it), null for the rest. */
export const cleared = (key: string): Value => (key.split(SEP)[2] === 'a' ? false : null);

/**
 * Three-way merge of one photo: `local` is this device's work, `changes` the entries the folder's
 * files changed (`old`: what this device had last seen, `now`: the merged value). An entry the
 * person left as last seen takes the merged value; one they changed since keeps theirs (it is
 * newer than anything this device has seen) and is reported as `kept`, to be written to the folder.
 */
export function mergePhoto(hash: string, local: PhotoWork, changes: ReadonlyMap<string, { old: Value; now: Value }>): { work: PhotoWork; changed: boolean; kept: boolean } {
  const entries = photoEntries(hash, snapped(local, boxesIn([...changes.values()].flatMap((c) => [c.old, c.now]))));
  let changed = false;
  let kept = false;
  for (const [key, { old, now }] of changes) {
    const mine = entries.get(key) ?? cleared(key);
    if (sameValue(mine, now) || (mine === false && now === null) || (mine === null && now === false)) continue;
    if (sameValue(mine, old) || (mine === false && old === null) || (mine === null && old === false)) {
      changed = true;
      if (now === null || now === false) entries.delete(key);
      else entries.set(key, now);
    } else kept = true;
  }
  return { work: changed ? workOf(entries) : local, changed, kept };
}

/**
 * A photo this device indexes after the folder's catalogue spoke of it (a new device, a photo
 * synced in later): what the folder decided wins, and what the device has of its own on top (work
 * it inherited, identity.ts) stays, to be written to the folder.
 */
export function adoptPhoto(hash: string, local: PhotoWork, folder: ReadonlyMap<string, Value>): { work: PhotoWork; changed: boolean } {
  const entries = photoEntries(hash, snapped(local, boxesIn(folder.values())));
  let changed = false;
  for (const [key, value] of folder) {
    if (value === null || value === false || sameValue(entries.get(key), value)) continue;
    entries.set(key, value);
    changed = true;
  }
  return { work: changed ? workOf(entries) : local, changed };
}

export type AlbumWork = Pick<AlbumRecord, 'name' | 'cover' | 'order' | 'hand'> & { createdAt?: number };
