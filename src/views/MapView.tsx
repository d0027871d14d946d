import { Show, createEffect, createSignal, onCleanup, onMount } from 'solid-js';
import type * as MapLibreGl from 'maplibre-gl';
import type { Map as MapLibre, Marker } from 'maplibre-gl';
import type Supercluster from 'supercluster';
import { catalog } from '../catalog/db';
import { locatedPhotos, withinLongitudes, type Located } from '../catalog/place-repo';
import { distanceKm } from '../catalog/search-reads';
import { createLiveFrom } from '../app/live';
import { showPrivate } from '../app/show-private';
import { photosText } from '../app/format';
import { worldMap } from '../components/world-map';
import { searchWorker } from '../search/client';
import { searchLink } from '../search/parse';

/** Town names show from this zoom in (a country or so in view); at most TOWN_LABELS, about LABEL_PX apart. */
const TOWN_ZOOM = 3.5;
const TOWN_LABELS = 40;
const LABEL_PX = 110;
/** Where the map was left: Places opens there again (after a cluster's photos, or Back). */
let lastView: { center: [number, number]; zoom: number } | undefined;

/** A cluster's circle reaches about this far from its point. */
const CLUSTER_PX = 20;

type Index = Supercluster<{ id: string }>;

/** The search that shows a cluster's photos: a circle around their centre that holds all of them. */
function circleQuery(points: Located[]): string {
  const lat = points.reduce((s, p) => s + p.lat, 0) / points.length;
  const lng = points.reduce((s, p) => s + p.lng, 0) / points.length;
  const km = Math.max(...points.map((p) => distanceKm(lat, lng, p.lat, p.lng)));
  return `lat:${lat.toFixed(5)} lng:${lng.toFixed(5)} dist:${(km * 1.01 + 0.05).toFixed(2)}`;
}

/**
 * Places: every located photo on a map drawn from the bundled world map (maplibre-gl, loaded
 * with this view only), clustered with supercluster. Each cluster is a button with its count;
 * it opens its photos in the results grid.
 */
export function MapView() {
  let container!: HTMLDivElement;
  const [map, setMap] = createSignal<MapLibre>();
  const [error, setError] = createSignal('');
  /** The view's box (south, west, north, east), as the map last came to rest. */
  const [view, setView] = createSignal<[number, number, number, number]>();
  const points = createLiveFrom(showPrivate, (all) => locatedPhotos(catalog(), all), [] as Located[], 2000);
  let markers: Marker[] = [];
  let towns: Marker[] = [];
  let townsAsked = 0;
  let index: Index | undefined;
  let lib: typeof MapLibreGl | undefined;

  onMount(async () => {
    try {
      const held: { gone?: boolean; map?: MapLibre } = {};
      onCleanup(() => {
        held.gone = true;
        townsAsked++; // a reply of the search worker still on its way finds the map gone
        held.map?.remove();
      });
      const shown = await worldMap(container, lastView);
      held.map = shown.map;
      if (held.gone) return shown.map.remove();
      lib = shown.maplibre;
      const rested = () => {
        const c = shown.map.getCenter();
        lastView = { center: [c.lng, c.lat], zoom: shown.map.getZoom() };
        const b = shown.map.getBounds();
        // The box the map shows, longitudes wrapped into -180…180 (west > east across the antimeridian).
        const wrap = (lng: number) => ((((lng + 180) % 360) + 360) % 360) - 180;
        const whole = b.getEast() - b.getWest() >= 360;
        setView([Math.max(-90, b.getSouth()), whole ? -180 : wrap(b.getWest()), Math.min(90, b.getNorth()), whole ? 180 : wrap(b.getEast())]);
      };
      shown.map.on('moveend', () => {
        rested();
        draw();
        void nameTowns();
      });
      shown.map.once('load', rested);
      await shown.loaded;
      setMap(shown.map);
    } catch (e) {
      setError(`The map cannot be shown here: ${e instanceof Error ? e.message : String(e)}`);
    }
  });

  /**
   * The gazetteer's largest towns in view, as text under the clusters (the map has no glyphs to
   * draw text with: the style is local, without a glyph server). Asked of the search worker, which
   * holds the gazetteer; a reply for a view the map has left is dropped.
   */
  async function nameTowns() {
    const m = map();
    const asked = ++townsAsked;
    if (!m || !lib) return;
    const zoom = m.getZoom();
    const b = m.getBounds();
    const found = zoom < TOWN_ZOOM ? [] : await searchWorker().townsIn({ west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() }, TOWN_LABELS, (LABEL_PX * 360) / (512 * 2 ** zoom));
    if (asked !== townsAsked || !lib) return;
    for (const t of towns) t.remove();
    // A town under a cluster (its photos were taken there) is named below the cluster's circle.
    const clusters = markers.map((c) => m.project(c.getLngLat()));
    towns = found.map((t) => {
      const at = m.project([t.lng, t.lat]);
      const covered = clusters.some((c) => Math.hypot(c.x - at.x, c.y - at.y) < CLUSTER_PX);
      const label = document.createElement('span');
      label.className = covered ? 'map-town under-cluster' : 'map-town';
      label.textContent = t.name;
      return new lib!.Marker({ element: label, anchor: 'top', offset: [0, covered ? CLUSTER_PX : 3] }).setLngLat([t.lng, t.lat]).addTo(m);
    });
    for (const marker of markers) marker.getElement().parentElement?.appendChild(marker.getElement()); // clusters stay on top
  }

  /** Markers for the clusters in view, at the map's zoom. */
  function draw() {
    const m = map();
    for (const marker of markers) marker.remove();
    markers = [];
    if (!m || !index || !lib) return;
    const b = m.getBounds();
    const clusters = index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], Math.round(m.getZoom()));
    for (const c of clusters) {
      const props = c.properties as { cluster?: boolean; cluster_id?: number; point_count?: number; id?: string };
      const count = props.point_count ?? 1;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'map-cluster';
      button.textContent = count.toLocaleString('en');
      button.setAttribute('aria-label', photosText(count));
      const cluster = index;
      button.addEventListener('click', () => {
        const leaves = props.cluster ? cluster.getLeaves(props.cluster_id as number, Infinity) : [c];
        const located = leaves.map((l) => ({ id: (l.properties as { id: string }).id, lng: l.geometry.coordinates[0] as number, lat: l.geometry.coordinates[1] as number }));
        location.hash = searchLink(circleQuery(located));
      });
      markers.push(new lib.Marker({ element: button }).setLngLat(c.geometry.coordinates as [number, number]).addTo(m));
    }
  }

  createEffect(() => {
    const list = points();
    const m = map();
    if (!m) return;
    void import('supercluster').then(({ default: Cluster }) => {
      const next: Index = new Cluster({ radius: 60, maxZoom: 16 });
      next.load(list.map((p) => ({ type: 'Feature', properties: { id: p.id }, geometry: { type: 'Point', coordinates: [p.lng, p.lat] } })));
      index = next;
      draw();
    });
  });

  /** How many located photos the view holds (from the points already read: no query). */
  const inView = () => {
    const box = view();
    if (!box) return 0;
    const [south, west, north, east] = box;
    const inside = withinLongitudes(west, east);
    return points().filter((p) => p.lat >= south && p.lat <= north && inside(p.lng)).length;
  };
  const showView = () => {
    const box = view();
    if (!box) return;
    // Rounded outwards to 4 decimals (about 10 m), so what the button counts is what the search finds.
    const [south, west, north, east] = box;
    const down = (x: number) => Math.floor(x * 1e4) / 1e4;
    const up = (x: number) => Math.ceil(x * 1e4) / 1e4;
    const area = [Math.max(-90, down(south)), Math.max(-180, down(west)), Math.min(90, up(north)), Math.min(180, up(east))];
    location.hash = searchLink(`area:${area.join(',')}`);
  };

  return (
    <main class="map-view">
      <h2>Places</h2>
      <Show when={error()}>
        <p class="error" role="alert">{error()}</p>
      </Show>
      <div class="map-summary">
        <p role="status" aria-label="Located photos">
          {photosText(points().length)} with a place
        </p>
        <button type="button" onClick={showView} disabled={!inView()}>
          Show the {photosText(inView())} in view
        </button>
      </div>
      <div class="map" ref={container} role="region" aria-label="Map" />
    </main>
  );
}
