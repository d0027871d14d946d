import { createRequire } from 'node:module';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { feature, mesh } from 'topojson-client';

/**
 * The map's base layer: land and country borders from Natural Earth (public domain) at 1:50m,
 * through the `world-atlas` package (ISC), turned from TopoJSON into GeoJSON at build time and
 * bundled as the virtual module `virtual:shoebox-world` (1.3 MB, a chunk of its own the map view
 * loads): no tile server, nothing fetched at run time. Coordinates are rounded to 0.001°.
 */
export function buildWorldMap() {
  const world = createRequire(import.meta.url)('world-atlas/countries-50m.json') as Topology<{ land: GeometryCollection; countries: GeometryCollection }>;
  const round = (_: string, v: unknown) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v);
  return JSON.parse(JSON.stringify({ land: feature(world, world.objects.land), borders: mesh(world, world.objects.countries, (a, b) => a !== b) }, round)) as unknown;
}
