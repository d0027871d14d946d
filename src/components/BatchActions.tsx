import { For, Show, createSignal, onCleanup, onMount } from 'solid-js';
import type { BatchChange } from '../catalog/batch-repo';
import type { SelectionFields } from '../catalog/batch-edits';
import { DateDialog } from './DateDialog';
import { TextDialog } from './TextDialog';
import { LabelsDialog } from './LabelsDialog';
import { LocationDialog } from './LocationDialog';
import type { SelectionPlaces } from '../catalog/place-repo';
import type { Town } from '../search/gazetteer';
import { typing } from './use-picking';
import { TeachDialog, type TeachData } from './TeachDialog';

interface Props {
  /** Apply a change to every selected photo (`keep`: and keep them selected). */
  run: (change: BatchChange, keep?: boolean) => Promise<void>;
  /** Album names to offer (loaded when the album box is first used). */
  albums: () => Promise<string[]>;
  /** The view is the archive: its action is Unarchive. */
  archive: boolean;
  busy: boolean;
  /** How many are selected, and (read when a dialog opens) their dates, zones, titles and captions. */
  count: number;
  fields: () => Promise<SelectionFields>;
  labels: () => Promise<{ name: string; count: number }[]>;
  /** Where the selection was taken, and towns by name (the location dialog). */
  places: () => Promise<SelectionPlaces>;
  towns: (query: string) => Promise<Town[]>;
  /** Teaching a label from the selection (TeachDialog). */
  teach: TeachData;
}

/** A label is taught from at least this many examples. */
export const TEACH_FROM = 3;

/** The selection bar's actions; each is one batch (batch-repo.ts), undoable. */
export function BatchActions(props: Props) {
  const [album, setAlbum] = createSignal('');
  const [names, setNames] = createSignal<string[]>([]);
  const [dialog, setDialog] = createSignal<'date' | 'text' | 'labels' | 'place' | 'teach'>();
  const [taught, setTaught] = createSignal<string>();
  const [facts, setFacts] = createSignal<SelectionFields>();
  const open = (which: 'date' | 'text' | 'labels' | 'place' | 'teach') => {
    setFacts(undefined);
    setDialog(which);
    if (which === 'date' || which === 'text') void props.fields().then((f) => dialog() === which && setFacts(f));
  };
  // D, T, L and P open the dialogs, R and Shift+R rotate, while something is selected (the bar is shown only then).
  onMount(() => {
    const onKey = (e: KeyboardEvent) => {
      if (props.count === 0 || props.busy || dialog() || e.ctrlKey || e.metaKey || e.altKey || typing(document.activeElement)) return;
      if (e.key.toLowerCase() === 'r') {
        e.preventDefault();
        props.run({ kind: 'rotate', by: e.shiftKey ? 270 : 90 });
        return;
      }
      const which = ({ d: 'date', t: 'text', l: 'labels', p: 'place' } as const)[e.key.toLowerCase() as 'd' | 't' | 'l' | 'p'];
      if (!which) return;
      e.preventDefault();
      open(which);
    };
    window.addEventListener('keydown', onKey);
    onCleanup(() => window.removeEventListener('keydown', onKey));
  });
  const dialogProps = () => ({ count: props.count, facts: facts(), apply: (change: BatchChange) => void props.run(change), onClose: () => setDialog(undefined) });
  const albumChange = (add: boolean) => {
    const name = album().trim();
    if (name) props.run({ kind: 'album', name, add });
  };
  return (
    <>
      <button type="button" disabled={props.busy} onClick={() => props.run({ kind: 'favorite', value: true })} class="icon" aria-label="Favorite" title="Favorite">★</button>
      <button type="button" disabled={props.busy} onClick={() => props.run({ kind: 'favorite', value: false })} class="icon" aria-label="Unfavorite" title="Unfavorite">☆</button>
      <select
        aria-label="Rating"
        disabled={props.busy}
        onChange={(e) => {
          const value = e.currentTarget.value;
          e.currentTarget.value = '';
          if (value !== '') props.run({ kind: 'rating', value: Number(value) });
        }}
      >
        <option value="">Rate…</option>
        <For each={[5, 4, 3, 2, 1, 0]}>{(n) => <option value={n}>{n ? `${'★'.repeat(n)} ${n}` : 'No stars'}</option>}</For>
      </select>
      <button type="button" disabled={props.busy} onClick={() => props.run({ kind: 'private', value: true })}>Make private</button>
      <button type="button" disabled={props.busy} onClick={() => props.run({ kind: 'private', value: false })}>Not private</button>
      <Show
        when={props.archive}
        fallback={<button type="button" disabled={props.busy} onClick={() => props.run({ kind: 'archived', value: true })}>Archive</button>}
      >
        <button type="button" disabled={props.busy} onClick={() => props.run({ kind: 'archived', value: false })}>Unarchive</button>
      </Show>
      <span class="batch-album">
        <input
          type="text"
          role="combobox"
          aria-label="Album"
          placeholder="Album"
          list="batch-albums"
          value={album()}
          onFocus={() => void props.albums().then(setNames)}
          onInput={(e) => setAlbum(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && albumChange(true)}
        />
        <datalist id="batch-albums"><For each={names()}>{(name) => <option value={name} />}</For></datalist>
        <button type="button" disabled={props.busy || !album().trim()} onClick={() => albumChange(true)}>Add to album</button>
        <button type="button" disabled={props.busy || !album().trim()} onClick={() => albumChange(false)}>Remove from album</button>
      </span>
      <button type="button" aria-keyshortcuts="Shift+R" disabled={props.busy} class="icon" aria-label="Rotate left" title="Rotate left (Shift+R)" onClick={() => props.run({ kind: 'rotate', by: 270 })}>⟲</button>
      <button type="button" aria-keyshortcuts="R" disabled={props.busy} class="icon" aria-label="Rotate right" title="Rotate right (R)" onClick={() => props.run({ kind: 'rotate', by: 90 })}>⟳</button>
      <button type="button" aria-haspopup="dialog" disabled={props.busy} onClick={() => open('date')}>Date and time…</button>
      <button type="button" aria-haspopup="dialog" disabled={props.busy} onClick={() => open('text')}>Title and caption…</button>
      <button type="button" aria-haspopup="dialog" aria-keyshortcuts="P" disabled={props.busy} onClick={() => open('place')}>Location…</button>
      <Show when={dialog() === 'place'}>
        <LocationDialog count={props.count} places={props.places} towns={props.towns} apply={(change) => void props.run(change)} onClose={() => setDialog(undefined)} />
      </Show>
      <Show when={dialog() === 'date'}><DateDialog {...dialogProps()} /></Show>
      <button type="button" aria-haspopup="dialog" aria-keyshortcuts="L" disabled={props.busy} onClick={() => open('labels')}>Labels…</button>
      <Show when={dialog() === 'text'}><TextDialog {...dialogProps()} /></Show>
      <Show when={dialog() === 'labels'}>
        <LabelsDialog count={props.count} labels={props.labels} apply={(change) => props.run(change, true)} busy={props.busy} onClose={() => setDialog(undefined)} />
      </Show>
      <button
        type="button"
        aria-haspopup="dialog"
        disabled={props.busy || props.count < TEACH_FROM}
        title={props.count < TEACH_FROM ? `Select at least ${TEACH_FROM} photos of what to teach` : undefined}
        onClick={() => open('teach')}
      >
        Teach a label…
      </button>
      <Show when={dialog() === 'teach'}>
        <TeachDialog
          count={props.count}
          data={props.teach}
          onClose={(message) => {
            setDialog(undefined);
            setTaught(message);
          }}
        />
      </Show>
      <Show when={taught()}>{(m) => <span class="batch-taught" role="status">{m()}</span>}</Show>
    </>
  );
}
