import * as Y from 'yjs';
import { fold } from './terms';
import { iou, sameFace as sameFaceBox } from '../vision/detections';
import type { AlbumRecord, GeoPoint, UserEdits } from './types';

/**
 * The person's work for one granted folder as a Yjs document (the catalogue kept in the folder,
 * `.shoebox/`: see folder-log.ts for the files, indexer/folder-sync.ts for the flow). Yjs merges
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

const SEP = '\u001f';
const PHOTO = 'p';
const ALBUM = 'a';
const ALBUM_FIELDS = ['name', 'cover', 'order', 'hand', 'createdAt'] as const;

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
const boxesIn = (values: Iterable<Value | undefined>): FaceName['box'][] =>
  [...values].flatMap((v) => (v && typeof v === 'object' && !Array.isArray(v) && 'box' in v ? [(v as FaceName).box] : []));
const snapped = (work: PhotoWork, known: FaceName['box'][]): PhotoWork => (known.length && work.names.length ? { ...work, names: snapNames(work.names, known) } : work);
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
const cleared = (key: string): Value => (key.split(SEP)[2] === 'a' ? false : null);

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

/**
 * The document of one folder, with an index of its entries by photo (Y.Map has no prefix lookup),
 * kept current from the map's own events.
 */
export class FolderDoc {
  readonly doc: Y.Doc;
  readonly map: Y.Map<Value>;
  private readonly byPhoto = new Map<string, Set<string>>();
  private readonly albumKeys = new Set<string>();
  private watching: ((key: string, old: Value, now: Value) => void) | undefined;

  constructor(snapshot?: Uint8Array) {
    this.doc = new Y.Doc();
    this.map = this.doc.getMap<Value>('work');
    if (snapshot?.length) Y.applyUpdate(this.doc, snapshot);
    for (const key of this.map.keys()) this.index(key);
    this.map.observe((event) => {
      for (const [key, change] of event.changes.keys) {
        this.index(key);
        this.watching?.(key, (change.oldValue ?? null) as Value, (this.map.get(key) ?? null) as Value);
      }
    });
  }

  private index(key: string): void {
    const [kind, id] = key.split(SEP);
    if (kind === ALBUM) this.albumKeys.add(key);
    if (kind !== PHOTO || !id) return;
    let keys = this.byPhoto.get(id);
    if (!keys) this.byPhoto.set(id, (keys = new Set()));
    keys.add(key);
  }

  /** The whole document, to keep (this device's last seen state) or to start a device file with. */
  snapshot(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc);
  }

  photos(): IterableIterator<string> {
    return this.byPhoto.keys();
  }

  has(hash: string): boolean {
    return this.byPhoto.has(hash);
  }

  /** The photo's entries, cleared ones included. */
  entriesOf(hash: string): Map<string, Value> {
    return new Map([...(this.byPhoto.get(hash) ?? [])].map((k) => [k, (this.map.get(k) ?? null) as Value]));
  }

  photo(hash: string): PhotoWork {
    return workOf(this.entriesOf(hash));
  }

  /**
   * Write what this device says of photos and albums; only entries that differ are written (an
   * unchanged photo costs nothing in the files). Returns the update to append, or undefined.
   */
  write(photos: Iterable<[string, PhotoWork]>, albums?: readonly AlbumWork[]): Uint8Array | undefined {
    let update: Uint8Array | undefined;
    const collect = (u: Uint8Array, origin: unknown) => {
      if (origin === 'local') update = update ? Y.mergeUpdates([update, u]) : u;
    };
    this.doc.on('update', collect);
    try {
      this.doc.transact(() => {
        for (const [hash, work] of photos) {
          const next = photoEntries(hash, snapped(work, boxesIn(this.entriesOf(hash).values())));
          for (const [key, value] of next) if (!sameValue(this.map.get(key), value)) this.map.set(key, value);
          for (const key of this.byPhoto.get(hash) ?? []) {
            const v = this.map.get(key) ?? null;
            if (!next.has(key) && v !== null && v !== false) this.map.set(key, cleared(key));
          }
        }
        if (albums) this.writeAlbums(albums);
      }, 'local');
    } finally {
      this.doc.off('update', collect);
    }
    return update;
  }

  private writeAlbums(albums: readonly AlbumWork[]): void {
    const present = new Set<string>();
    for (const album of albums) {
      const id = fold(album.name.trim());
      present.add(id);
      for (const field of ALBUM_FIELDS) {
        const key = [ALBUM, id, field].join(SEP);
        const value = (album[field] ?? null) as Value;
        if (!sameValue(this.map.get(key), value)) this.map.set(key, value);
      }
    }
    for (const key of this.albumKeys) {
      const [, id, field] = key.split(SEP);
      if (field === 'name' && id !== undefined && !present.has(id) && this.map.get(key) !== null) this.map.set(key, null);
    }
  }

  /** Albums as the document says: set up (name given) or deleted (name null). */
  albums(): { id: string; album?: AlbumWork }[] {
    const out = new Map<string, Partial<Record<(typeof ALBUM_FIELDS)[number], Value>>>();
    for (const key of this.albumKeys) {
      const [, id, field] = key.split(SEP) as [string, string, (typeof ALBUM_FIELDS)[number]];
      out.set(id, { ...out.get(id), [field]: (this.map.get(key) ?? null) as Value });
    }
    return [...out].map(([id, f]) => ({
      id,
      album: typeof f.name === 'string' ? {
        name: f.name,
        ...(typeof f.cover === 'string' ? { cover: f.cover } : {}),
        ...(f.order === 'date' || f.order === 'hand' ? { order: f.order } : {}),
        ...(Array.isArray(f.hand) ? { hand: f.hand.filter((id): id is string => typeof id === 'string') } : {}),
        ...(typeof f.createdAt === 'number' ? { createdAt: f.createdAt } : {}),
      } : undefined,
    }));
  }

  /**
   * Apply updates from the folder's files (any order, any repeats) as one change, and return what
   * changed: per photo, each entry's value as last seen here and now; and whether albums changed.
   * An update Yjs cannot read is skipped and named in `bad` (by its index), never half-applied.
   */
  applyUpdates(updates: readonly Uint8Array[]): { photos: Map<string, Map<string, { old: Value; now: Value }>>; albums: boolean; bad: number[] } {
    const photos = new Map<string, Map<string, { old: Value; now: Value }>>();
    let albums = false;
    const bad: number[] = [];
    this.watching = (key, old, now) => {
      const [kind, id] = key.split(SEP);
      if (kind === ALBUM) albums = true;
      if (kind !== PHOTO || !id) return;
      let changes = photos.get(id);
      if (!changes) photos.set(id, (changes = new Map()));
      const first = changes.get(key)?.old;
      changes.set(key, { old: first === undefined ? old : first, now });
    };
    try {
      updates.forEach((u, i) => {
        // Decoded first: Yjs could throw part way through applying a malformed update.
        try {
          Y.decodeUpdate(u);
        } catch {
          bad.push(i);
          return;
        }
        Y.applyUpdate(this.doc, u, 'remote');
      });
    } finally {
      this.watching = undefined;
    }
    for (const [id, changes] of photos) {
      for (const [key, c] of changes) if (sameValue(c.old, c.now)) changes.delete(key);
      if (!changes.size) photos.delete(id);
    }
    return { photos, albums, bad };
  }
}
