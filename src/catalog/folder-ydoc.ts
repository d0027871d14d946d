import * as Y from 'yjs';
import { fold } from './terms';
import {
  ALBUM, ALBUM_FIELDS, PHOTO, SEP, boxesIn, cleared, photoEntries, sameValue, snapped, workOf, type AlbumWork, type PhotoWork, type Value,
} from './folder-doc';

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
