import type { ShoeboxDb } from './db';
import { placed, UNPLACED } from './terms';
import type { PhotoRow, PlaceName } from './types';
import { hiddenPhotoIds } from './visibility';

/**
 * Place names are derived from GPS (src/search/placer.ts names them in the search worker): a
 * photo whose GPS has no name yet carries the `is:unplaced` term (terms.ts), so the photos to
 * name are one indexed read, never a scan of every photo with GPS.
 */

/** A photo and where its GPS puts it. */
export interface Located {
  id: string;
  lat: number;
  lng: number;
}

/** Up to `limit` photos whose GPS has no place name for it yet. */
export async function unplacedPhotos(db: ShoeboxDb, limit = 500): Promise<Located[]> {
  const rows = await db.photos.where('terms').equals(UNPLACED).limit(limit).toArray();
  return rows.flatMap((p) => (p.gps && !placed(p) ? [{ id: p.id, lat: p.gps.lat, lng: p.gps.lng }] : []));
}

/**
 * Store named places, in one transaction that reads the rows it writes: a photo whose GPS changed
 * meanwhile (a sidecar read again) keeps waiting for its own name. Returns how many were stored.
 */
export function savePlaces(db: ShoeboxDb, named: { id: string; place: PlaceName }[]): Promise<number> {
  return db.transaction('rw', db.photos, async () => {
    const rows = await db.photos.bulkGet(named.map((n) => n.id));
    const changed = rows.flatMap((p, k) => {
      const { place } = named[k] as { place: PlaceName };
      return p?.gps && p.gps.lat === place.at[0] && p.gps.lng === place.at[1] ? [{ ...p, place }] : [];
    });
    await db.photos.bulkPut(changed);
    return changed.length;
  });
}

/** Every photo with GPS that the timeline shows (private ones only when shown): keys only, through the `[gps.lat+gps.lng]` index. */
export async function locatedPhotos(db: ShoeboxDb, includePrivate: boolean): Promise<Located[]> {
  const hidden = await hiddenPhotoIds(db, includePrivate);
  const found: Located[] = [];
  await db.photos.orderBy('[gps.lat+gps.lng]').eachKey((key, cursor) => {
    const [lat, lng] = key as unknown as [number, number];
    const id = cursor.primaryKey as string;
    if (!hidden.has(id) && !id.startsWith('pending:')) found.push({ id, lat, lng });
  });
  return found;
}

/** "Porto, Porto, Portugal" reads as "Porto, Portugal": the town, its region unless it has the town's name, the country. */
/** Whether a longitude lies from `west` eastwards to `east`; west > east reaches across the antimeridian. */
export function withinLongitudes(west: number, east: number): (lng: number) => boolean {
  return west <= east ? (lng) => lng >= west && lng <= east : (lng) => lng >= west || lng <= east;
}

export function placeLabel({ town, region, country }: { town?: string; region?: string; country?: string }): string {
  return [town, region !== town ? region : undefined, country].filter(Boolean).join(', ');
}

/** "Lisbon, Portugal" (placeLabel) for a photo; undefined until its GPS is named. */
export function placeText(photo: Pick<PhotoRow, 'gps' | 'place'>): string | undefined {
  return placeLabel((placed(photo) && photo.place) || {}) || undefined;
}

/** A photo of a selection with a place, to copy it from. */
export interface PlacedPhoto {
  id: string;
  name: string;
  lat: number;
  lng: number;
  place?: string;
}

/** Where a selection was taken, for the location dialog. */
export interface SelectionPlaces {
  /** How many of its photos have a place. */
  located: number;
  /** The one point every photo of the selection has, if they share one. */
  same?: { lat: number; lng: number };
  /** Photos with a place, one per point, up to the limit: to copy from. */
  photos: PlacedPhoto[];
}

/** The selection's places, read 500 rows at a time (in the search worker, off the page's thread). */
export async function selectionPlaces(db: ShoeboxDb, ids: readonly string[], limit = 12): Promise<SelectionPlaces> {
  const out: SelectionPlaces = { located: 0, photos: [] };
  const points = new Set<string>();
  for (let at = 0; at < ids.length; at += 500) {
    for (const p of await db.photos.bulkGet(ids.slice(at, at + 500))) {
      if (!p?.gps) continue;
      out.located++;
      const key = `${p.gps.lat},${p.gps.lng}`;
      if (points.has(key)) continue;
      points.add(key);
      if (out.photos.length < limit) out.photos.push({ id: p.id, name: p.name, lat: p.gps.lat, lng: p.gps.lng, ...(placeText(p) ? { place: placeText(p) } : {}) });
    }
  }
  const [first] = out.photos;
  if (first && points.size === 1 && out.located === ids.length) out.same = { lat: first.lat, lng: first.lng };
  return out;
}
