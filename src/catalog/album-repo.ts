import type { ShoeboxDb } from './db';
import { editPhoto } from './photo-repo';
import type { PhotoRow } from './types';
import { shownPhotos } from './visibility';
import { albumRecords } from './album-manage';
import { fold } from './terms';

export interface AlbumSummary {
  name: string;
  count: number;
  /** A photo to show for it. */
  cover: string;
}

/** Albums are `albumname:<name>` terms on their photos (catalog/terms.ts). */
const ALBUM = 'albumname:';
const albumKeys = async (db: ShoeboxDb) => (await db.photos.where('terms').startsWith(ALBUM).uniqueKeys()) as string[];

/**
 * The albums' names as written: one read of unique index keys, no rows. Every album unless
 * `includePrivate` is false: then those holding only private photos are left out (visibility.ts).
 */
export async function albumNames(db: ShoeboxDb, includePrivate = true): Promise<string[]> {
  const keys = await albumKeys(db);
  const shown = await shownPhotos(db, includePrivate);
  const seen = includePrivate ? keys : (await Promise.all(keys.map(async (key) => ((await shown.name('terms', key)) ? [key] : [])))).flat();
  return withEmpty(keys, seen.map((key) => key.slice(ALBUM.length)), await albumRecords(db));
}

/**
 * The names shown, and the albums the person made that hold no photo yet (album-manage.ts). One
 * holding only hidden photos is not listed as empty: it is left out, like any album of them.
 */
function withEmpty(keys: string[], names: string[], records: { name: string }[]): string[] {
  const held = new Set(keys.map((key) => fold(key.slice(ALBUM.length))));
  return [...names, ...records.flatMap((r) => (held.has(fold(r.name)) ? [] : [r.name]))];
}

/**
 * Every album, with how many photos it holds and one of them: an album is the photos the person
 * put in it (`albums` on each photo, indexed as `albumname:` terms). A-Z. As shown
 * (visibility.ts): with private photos hidden, they are not counted nor a cover, and an album of
 * only private photos is left out.
 */
export async function listAlbums(db: ShoeboxDb, includePrivate = false): Promise<AlbumSummary[]> {
  const albums = await db.transaction('r', [db.photos, db.settings], async () => {
    const [keys, shown, records] = await Promise.all([albumKeys(db), shownPhotos(db, includePrivate), albumRecords(db)]);
    const covers = new Map(records.flatMap((r) => (r.cover ? [[fold(r.name), r.cover] as const] : [])));
    const found = await Promise.all(keys.map(async (key) => {
      const name = key.slice(ALBUM.length);
      const seen = await shown.name('terms', key);
      // The person's cover, while it is in the album and shown.
      const cover = covers.get(fold(name));
      const chosen = seen && cover && (await shown.name('terms', key, { count: seen.count, cover }));
      return seen && { name, ...seen, ...(chosen && (await db.photos.get(cover))?.albums?.some((a) => sameAlbum(a, name)) ? { cover: chosen.cover } : {}) };
    }));
    const listed = found.filter((a) => a !== undefined);
    // An album the person made stays listed while empty (or all hidden).
    return withEmpty(keys, listed.map((a) => a.name), records).map((name) => listed.find((a) => a.name === name) ?? { name, count: 0, cover: '' });
  });
  return albums.sort((a, b) => a.name.localeCompare(b.name));
}

/** One album whatever the case: "summer" is "Summer". */
export const sameAlbum = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/** Put a photo in an album (by name; an album with that name in any case is the same album), or take it out. */
export async function editAlbums(db: ShoeboxDb, id: string, change: { add?: string; remove?: string }): Promise<PhotoRow | undefined> {
  // Read, change and write in one transaction: two edits at once (two tabs, two quick clicks)
  // must both land, not the last one over the first.
  return db.transaction('rw', [db.photos, db.months, db.settings], async () => {
    const photo = await db.photos.get(id);
    if (!photo) throw new Error('This photo is no longer in the library.');
    let albums = photo.albums ?? [];
    const add = change.add?.trim();
    if (add && !albums.some((a) => sameAlbum(a, add))) {
      // An existing album keeps the spelling it was created with.
      const existing = (await albumNames(db)).find((name) => sameAlbum(name, add));
      albums = [...albums, existing ?? add];
    }
    if (change.remove) albums = albums.filter((a) => !sameAlbum(a, change.remove as string));
    await editPhoto(db, id, { albums });
    return db.photos.get(id);
  });
}
