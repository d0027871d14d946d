import { Match, Show, Switch, createSignal, onCleanup, onMount } from 'solid-js';
import { LibraryView } from '../views/LibraryView';
import { LabelsView } from '../views/LabelsView';
import { CalendarView } from '../views/CalendarView';
import { FoldersView } from '../views/FoldersView';
import { MapView } from '../views/MapView';
import { PeopleView, PersonView } from '../views/PeopleView';
import { SettingsView } from '../views/SettingsView';
import { DuplicatesView } from '../views/DuplicatesView';
import { ShortcutsHelp } from '../components/ShortcutsHelp';
import { install, installable, reloadToUpdate, updateReady } from './pwa';
import { searchLink } from '../search/parse';

type Route = 'library' | 'calendar' | 'folders' | 'places' | 'labels' | 'people' | 'person' | 'duplicates' | 'settings';
function routeOf(hash: string): Route {
  if (hash === '#/settings') return 'settings';
  if (hash === '#/labels') return 'labels';
  if (hash === '#/calendar') return 'calendar';
  if (hash === '#/folders') return 'folders';
  if (hash === '#/places') return 'places';
  if (hash === '#/people') return 'people';
  if (hash === '#/duplicates') return 'duplicates';
  if (/^#\/people\/\d+$/.test(hash)) return 'person';
  return 'library'; // `#/?q=…` is the library with a search.
}
const personOf = (hash: string) => Number(hash.split('/')[2]);

/** The shell: navigation, and the notices that concern the whole app (update, outdated tab). */
export function App(props: { outdated: () => boolean }) {
  const [hash, setHash] = createSignal(location.hash);
  const route = () => routeOf(hash());
  const person = () => personOf(hash());
  onMount(() => {
    const onHash = () => setHash(location.hash);
    window.addEventListener('hashchange', onHash);
    onCleanup(() => window.removeEventListener('hashchange', onHash));
  });
  return (
    <div class="app">
      <header class="appbar">
        <h1>Shoebox</h1>
        <nav aria-label="Main">
          <a href="#/" aria-current={route() === 'library' && !/archived(%3A|:)true/.test(hash()) ? 'page' : undefined}>Library</a>
          <a href="#/calendar" aria-current={route() === 'calendar' ? 'page' : undefined}>Calendar</a>
          <a href="#/folders" aria-current={route() === 'folders' ? 'page' : undefined}>Folders</a>
          <a href="#/places" aria-current={route() === 'places' ? 'page' : undefined}>Places</a>
          <a href="#/labels" aria-current={route() === 'labels' ? 'page' : undefined}>Albums &amp; labels</a>
          <a href={searchLink('archived:true')} aria-current={route() === 'library' && /archived(%3A|:)true/.test(hash()) ? 'page' : undefined}>Archive</a>
          <a href="#/people" aria-current={route() === 'people' || route() === 'person' ? 'page' : undefined}>People</a>
          <a href="#/duplicates" aria-current={route() === 'duplicates' ? 'page' : undefined}>Duplicates</a>
          <a href="#/settings" aria-current={route() === 'settings' ? 'page' : undefined}>Settings</a>
        </nav>
        <Show when={installable()}>
          <button type="button" onClick={() => void install()}>Install app</button>
        </Show>
      </header>
      <Show when={props.outdated()}>
        <div class="notice" role="alert">
          Shoebox was updated in another tab, so this tab can no longer use the library. Reload it to continue.
          <button type="button" onClick={() => window.location.reload()}>Reload</button>
        </div>
      </Show>
      <Show when={updateReady() && !props.outdated()}>
        <div class="notice" role="status" aria-label="Update">
          Update available — reload to use the new version. (An import in progress continues after the reload.)
          <button type="button" onClick={() => reloadToUpdate()}>Reload</button>
        </div>
      </Show>
      <Switch>
        <Match when={route() === 'library'}>
          <LibraryView />
        </Match>
        <Match when={route() === 'calendar'}>
          <CalendarView />
        </Match>
        <Match when={route() === 'folders'}>
          <FoldersView />
        </Match>
        <Match when={route() === 'places'}>
          <MapView />
        </Match>
        <Match when={route() === 'labels'}>
          <LabelsView />
        </Match>
        <Match when={route() === 'people'}>
          <PeopleView />
        </Match>
        <Match when={route() === 'person'}>
          {/* Keyed: another person is a fresh view, never the last person's faces for a moment. */}
          <Show when={person()} keyed>
            {(id) => <PersonView id={id} />}
          </Show>
        </Match>
        <Match when={route() === 'duplicates'}>
          <DuplicatesView />
        </Match>
        <Match when={route() === 'settings'}>
          <SettingsView />
        </Match>
      </Switch>
      <ShortcutsHelp />
    </div>
  );
}
