import type * as MapLibreGl from 'maplibre-gl';
import type { Map as MapLibre, StyleSpecification } from 'maplibre-gl';

/**
 * A local style: sea, land and borders from the bundled world map. No tiles, glyphs or sprites to
 * fetch. Land is not outlined: the few rings TopoJSON leaves across the antimeridian would draw a
 * line over the whole map.
 */
function style(world: { land: unknown; borders: unknown }): StyleSpecification {
  return {
    version: 8,
    sources: {
      land: { type: 'geojson', data: world.land as never },
      borders: { type: 'geojson', data: world.borders as never },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': '#1a2130' } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': '#313b4f', 'fill-antialias': false } },
      { id: 'borders', type: 'line', source: 'borders', paint: { 'line-color': '#5d6a84', 'line-width': 0.7 } },
    ],
  };
}

/**
 * A map of the world drawn offline from the bundled world map (maplibre-gl and the map, each a
 * chunk loaded with the first map shown): the Places view's, and the location dialog's for
 * picking a point. Resolves with the library (for markers) and the map, and `loaded` when it has drawn.
 */
export async function worldMap(container: HTMLElement, view: { center?: [lng: number, lat: number]; zoom?: number } = {}): Promise<{ maplibre: typeof MapLibreGl; map: MapLibre; loaded: Promise<void> }> {
  const [maplibre, world, { default: workerUrl }] = await Promise.all([import('maplibre-gl'), import('virtual:shoebox-world'), import('maplibre-gl/dist/maplibre-gl-worker.mjs?url'), import('maplibre-gl/dist/maplibre-gl.css')]);
  maplibre.setWorkerUrl(workerUrl);
  const map = new maplibre.Map({ container, style: style(world.default), center: view.center ?? [0, 20], zoom: view.zoom ?? 1, attributionControl: false, renderWorldCopies: false });
  map.addControl(new maplibre.NavigationControl({ showCompass: false }));
  map.addControl(new maplibre.AttributionControl({ compact: true, customAttribution: 'Natural Earth' }));
  const loaded = new Promise<void>((resolve) => map.once('load', () => resolve()));
  return { maplibre, map, loaded };
}
