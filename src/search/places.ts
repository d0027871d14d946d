import type { PlaceFinder } from './planner';
import { fold } from '../catalog/terms';

type Place = [name: string, country: string, lat: number, lng: number, population: number];

let byName: Promise<Map<string, Place[]>> | undefined;

/**
 * The table (9,000 towns, models/places.ts, a chunk of its own loaded on first use) by name, each
 * name's towns most populous first as the table has them. Every plain word that names no label
 * is looked up here: a scan of the table for each took 9 ms in a search worker left idle for
 * 30 s (traced, 2026-12-05: its code cold again), where a map answers at once.
 */
function places(): Promise<Map<string, Place[]>> {
  byName ??= import('virtual:shoebox-places').then(({ default: table }) => {
    const map = new Map<string, Place[]>();
    for (const place of table) {
      const same = map.get(place[0]);
      if (same) same.push(place);
      else map.set(place[0], [place]);
    }
    return map;
  });
  // A chunk that could not be loaded (a deployment replaced meanwhile) is asked for again next time.
  byName.catch(() => (byName = undefined));
  return byName;
}

/**
 * `near:lisbon`, `near:"paris, fr"`, or just "lisbon": the most populous place of that name (in
 * that country, if one is given), searched around within a radius that grows with its size.
 */
export const findPlace: PlaceFinder = async (query) => {
  const [name = '', country] = fold(query).split(',').map((s) => s.trim());
  const place = (await places()).get(name)?.find(([, c]) => !country || c === country);
  if (!place) return undefined;
  const [, , lat, lng, population] = place;
  return { lat, lng, radiusKm: Math.round(3 + Math.sqrt(population) / 100) };
};
