import { For, Show, createSignal } from 'solid-js';
import type { BatchChange } from '../catalog/batch-repo';

interface Props {
  /** Apply a change to every selected photo. */
  run: (change: BatchChange) => void;
  /** Album names to offer (loaded when the album box is first used). */
  albums: () => Promise<string[]>;
  /** The view is the archive: its action is Unarchive. */
  archive: boolean;
  busy: boolean;
}

/** The selection bar's actions; each is one batch (batch-repo.ts), undoable. */
export function BatchActions(props: Props) {
  const [album, setAlbum] = createSignal('');
  const [names, setNames] = createSignal<string[]>([]);
  const albumChange = (add: boolean) => {
    const name = album().trim();
    if (name) props.run({ kind: 'album', name, add });
  };
  return (
    <>
      <button type="button" disabled={props.busy} onClick={() => props.run({ kind: 'favorite', value: true })}>Favorite</button>
      <button type="button" disabled={props.busy} onClick={() => props.run({ kind: 'favorite', value: false })}>Unfavorite</button>
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
    </>
  );
}
