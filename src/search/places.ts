import type { PlaceFinder } from './planner';
import { fold } from '../catalog/terms';

/**
 * `near:lisbon`, `near:"paris, fr"`, or just "lisbon": the most populous place of that name (in that country, if
 * one is given), searched around within a radius that grows with its size. The table (9,000
 * towns, models/places.ts) is a chunk of its own, loaded on first use.
 */
export const findPlace: PlaceFinder = async (query) => {
  const { default: places } = await import('virtual:shoebox-places');
  const [name = '', country] = fold(query).split(',').map((s) => s.trim());
  // Sorted by population, largest first: the first match is the one people mean.
  const place = places.find(([n, c]) => n === name && (!country || c === country));
  if (!place) return undefined;
  const [, , lat, lng, population] = place;
  return { lat, lng, radiusKm: Math.round(3 + Math.sqrt(population) / 100) };
};
