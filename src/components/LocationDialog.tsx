import { For, Match, Show, Switch, createEffect, createResource, createSignal, onCleanup, onMount } from 'solid-js';
import type { Map as MapLibre, Marker } from 'maplibre-gl';
import type { BatchChange } from '../catalog/batch-repo';
import { placeLabel, type SelectionPlaces } from '../catalog/place-repo';
import type { Town } from '../search/gazetteer';
import { photosText } from '../app/format';
import { BatchDialog } from './BatchDialog';
import { worldMap } from './world-map';

interface Props {
  count: number;
  /** Where the selection was taken (read in the search worker when the dialog opens). */
  places: () => Promise<SelectionPlaces>;
  /** Towns whose name starts with what was typed (the bundled gazetteer). */
  towns: (query: string) => Promise<Town[]>;
  apply: (change: BatchChange) => void;
  onClose: () => void;
}

type Mode = 'name' | 'map' | 'copy' | 'clear';
interface Point {
  lat: number;
  lng: number;
  name?: string;
}

const townText = (t: Pick<Town, 'name' | 'region' | 'country'>) => placeLabel({ town: t.name, region: t.region, country: t.country });
const coords = (p: { lat: number; lng: number }) => `${p.lat.toFixed(5)}, ${p.lng.toFixed(5)}`;
const valid = (p: Point | undefined): p is Point => !!p && Number.isFinite(p.lat) && Number.isFinite(p.lng) && Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180;

/** A town by its name, with suggestions as the person types (↓ ↑ Enter, or a click). */
function TownPicker(props: { towns: Props['towns']; chosen: Point | undefined; onChoose: (p: Point | undefined) => void }) {
  const [typed, setTyped] = createSignal('');
  const [active, setActive] = createSignal(0);
  const [open, setOpen] = createSignal(false);
  const [found] = createResource(typed, (q) => (q.trim() ? props.towns(q) : Promise.resolve([] as Town[])), { initialValue: [] });
  const choose = (t: Town) => {
    const name = townText(t);
    setTyped(name);
    setOpen(false);
    props.onChoose({ lat: t.lat, lng: t.lng, name });
  };
  return (
    <div class="town-picker">
      <label>
        Place name
        <input
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-controls="town-options"
          aria-expanded={open() && found().length > 0}
          aria-activedescendant={open() && found().length ? `town-${active()}` : undefined}
          placeholder="A town or city, e.g. Lisbon"
          autocomplete="off"
          value={typed()}
          onInput={(e) => {
            setTyped(e.currentTarget.value);
            setActive(0);
            setOpen(true);
            props.onChoose(undefined);
          }}
          onKeyDown={(e) => {
            const n = found().length;
            if (e.key === 'ArrowDown' && n) setActive((active() + 1) % n);
            else if (e.key === 'ArrowUp' && n) setActive((active() - 1 + n) % n);
            else if (e.key === 'Enter' && open() && n) choose(found()[active()] as Town);
            else if (e.key === 'Escape' && open()) setOpen(false);
            else return;
            e.preventDefault();
            e.stopPropagation();
          }}
        />
      </label>
      <ul id="town-options" role="listbox" aria-label="Towns" hidden={!open() || !found().length}>
        <For each={found()}>
          {(t, i) => (
            <li id={`town-${i()}`} role="option" aria-selected={i() === active()} onMouseDown={(e) => e.preventDefault()} onClick={() => choose(t)}>
              {townText(t)}
            </li>
          )}
        </For>
      </ul>
      <Show when={typed().trim() && !found.loading && !found().length}>
        <p class="batch-dialog-mixed">No town of that name in the bundled list (towns of 5,000 people or more); pick it on the map instead.</p>
      </Show>
    </div>
  );
}

/** A point picked with a click on the world map, or typed as latitude and longitude. */
function MapPicker(props: { chosen: Point | undefined; start?: { lat: number; lng: number }; onChoose: (p: Point | undefined) => void }) {
  let container!: HTMLDivElement;
  const [map, setMap] = createSignal<MapLibre>();
  const [error, setError] = createSignal('');
  let marker: Marker | undefined;
  let makeMarker: ((p: Point) => Marker) | undefined;
  onMount(() => {
    let gone = false;
    let shown: MapLibre | undefined;
    onCleanup(() => {
      gone = true;
      shown?.remove();
    });
    const start = props.chosen ?? props.start;
    void worldMap(container, start ? { center: [start.lng, start.lat], zoom: 5 } : {}).then(
      async ({ maplibre, map: m }) => {
        shown = m;
        if (gone) return m.remove();
        makeMarker = (p) => new maplibre.Marker({ color: '#f2b84b' }).setLngLat([p.lng, p.lat]).addTo(m);
        m.on('click', (e) => props.onChoose({ lat: Math.round(e.lngLat.lat * 1e5) / 1e5, lng: Math.round(e.lngLat.lng * 1e5) / 1e5 }));
        setMap(m);
      },
      (e: unknown) => setError(`The map cannot be shown here: ${e instanceof Error ? e.message : String(e)}`),
    );
  });
  createEffect(() => {
    const p = props.chosen;
    const m = map();
    if (!m) return;
    marker?.remove();
    marker = valid(p) && makeMarker ? makeMarker(p) : undefined;
    // A point typed in the boxes, out of sight: the map goes to it.
    if (valid(p) && !m.getBounds().contains([p.lng, p.lat])) m.setCenter([p.lng, p.lat]);
  });
  const number = (key: 'lat' | 'lng', label: string, max: number) => (
    <label>
      {label}
      <input
        type="number"
        min={-max}
        max={max}
        step="any"
        value={props.chosen?.[key] ?? ''}
        onChange={(e) => {
          const { lat = 0, lng = 0 } = props.chosen ?? {};
          props.onChoose({ lat, lng, [key]: e.currentTarget.valueAsNumber });
        }}
      />
    </label>
  );
  return (
    <>
      <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
      <div class="map location-map" ref={container} role="application" aria-label="Map: click to pick the place" />
      <div class="batch-dialog-row">
        {number('lat', 'Latitude', 90)}
        {number('lng', 'Longitude', 180)}
      </div>
    </>
  );
}

/**
 * Where many photos were taken: a town by name (the bundled gazetteer), a point picked on the
 * map, the place of one of the selection's photos, or none. Stored as the person's edit; the
 * files' GPS is never touched.
 */
export function LocationDialog(props: Props) {
  const [facts] = createResource(() => props.places());
  const [mode, setMode] = createSignal<Mode>('name');
  const [byName, setByName] = createSignal<Point>();
  const [onMap, setOnMap] = createSignal<Point>();
  const [copyFrom, setCopyFrom] = createSignal<string>();
  const copied = (): Point | undefined => {
    const photos = facts()?.photos ?? [];
    const p = photos.find((x) => x.id === copyFrom()) ?? photos[0];
    return p && { lat: p.lat, lng: p.lng, ...(p.place ? { name: p.place } : {}) };
  };
  const point = (): Point | undefined => ({ name: byName(), map: onMap(), copy: copied(), clear: undefined })[mode()];
  const change = (): BatchChange | undefined => {
    if (mode() === 'clear') return facts()?.located ? { kind: 'place', gps: null } : undefined;
    const p = point();
    return valid(p) ? { kind: 'place', gps: { lat: p.lat, lng: p.lng }, ...(p.name ? { name: p.name } : {}) } : undefined;
  };
  const summary = () => {
    const f = facts();
    if (!f) return '…';
    if (!f.located) return 'none has a place';
    const first = f.photos[0];
    if (f.same && first) return `${props.count === 1 ? 'taken' : 'all taken'} at ${first.place ? `${first.place} (${coords(f.same)})` : coords(f.same)}`;
    return `${f.located === props.count ? 'all' : f.located.toLocaleString('en')} with a place${f.photos.length > 1 ? ', in different places' : ''}`;
  };
  const radio = (value: Mode, label: string) => (
    <label><input type="radio" name="location-mode" checked={mode() === value} onChange={() => setMode(value)} /> {label}</label>
  );
  return (
    <BatchDialog title="Location" change={change} apply={props.apply} onClose={props.onClose}>
      <p class="batch-dialog-facts">{photosText(props.count)}: {summary()}.</p>
      <fieldset class="location-modes">
        <legend>Set the place</legend>
        {radio('name', 'By a place name')}
        {radio('map', 'Pick on the map')}
        <Show when={facts()?.photos.length}>{radio('copy', 'Copy from a photo')}</Show>
        <Show when={facts()?.located}>{radio('clear', 'Clear it')}</Show>
      </fieldset>
      <Switch>
        <Match when={mode() === 'name'}>
          <TownPicker towns={props.towns} chosen={byName()} onChoose={setByName} />
        </Match>
        <Match when={mode() === 'map'}>
          <MapPicker chosen={onMap()} start={byName() ?? facts()?.photos[0]} onChoose={setOnMap} />
        </Match>
        <Match when={mode() === 'copy'}>
          <label>
            Copy the place of
            <select value={copyFrom() ?? facts()?.photos[0]?.id} onChange={(e) => setCopyFrom(e.currentTarget.value)}>
              <For each={facts()?.photos ?? []}>{(p) => <option value={p.id}>{p.name} — {p.place ?? coords(p)}</option>}</For>
            </select>
          </label>
        </Match>
        <Match when={mode() === 'clear'}>
          <p class="batch-dialog-mixed">Shoebox will show no place for them; a GPS position in the files stays there.</p>
        </Match>
      </Switch>
      <Show when={mode() !== 'clear' && point()}>
        {(p) => (
          <p class="batch-dialog-preview" role="status" aria-label="New place">
            New place: {valid(p()) ? `${p().name ? `${p().name} (${coords(p())})` : coords(p())}` : 'a latitude from −90 to 90 and a longitude from −180 to 180'}
          </p>
        )}
      </Show>
    </BatchDialog>
  );
}
