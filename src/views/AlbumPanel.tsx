import { Show, createEffect, createSignal, onCleanup, type JSX } from 'solid-js';
import type { ShoeboxDb } from '../catalog/db';
import { albumPhotosInOrder, albumRecord, deleteAlbum, moveInAlbum, renameAlbum, setAlbumCover, setAlbumOrder } from '../catalog/album-manage';
import { getPhotos, getThumbs } from '../catalog/photo-repo';
import { describeError } from '../catalog/errors';
import { createLiveFrom } from '../app/live';
import type { Selection } from '../components/selection';
import { AlbumArrange } from './AlbumArrange';
import { searchLink } from '../search/parse';

interface Props {
  db: ShoeboxDb;
  name: string;
  includePrivate: boolean;
  selection: Selection;
  /** The album's selected photos (the view's selection, resolved). */
  selected: () => Promise<string[]>;
  onOpen: (id: string) => void;
  onError: (message: string | undefined) => void;
  /** The album's hand order while it has one (the viewer steps through it), else undefined. */
  onOrder?: (ids: readonly string[] | undefined) => void;
  /** The album by date: the view's own grid. */
  children: JSX.Element;
}

export const albumLink = (name: string) => searchLink(`album:"${name}"`);

/**
 * An album's page (the search `album:"…"` alone): its name, Rename, Delete (the photos stay), the
 * cover from the selection, and its order — by date (the grid) or by hand (AlbumArrange).
 */
export function AlbumPanel(props: Props) {
  const record = createLiveFrom(() => props.name, (name) => albumRecord(props.db, name), undefined);
  const byHand = () => record()?.order === 'hand';
  const ids = createLiveFrom(() => [props.name, props.includePrivate, byHand()] as const, async ([name, all, hand]) => (hand ? albumPhotosInOrder(props.db, name, all) : []), [] as string[], 100);
  createEffect(() => props.onOrder?.(byHand() ? ids() : undefined));
  onCleanup(() => props.onOrder?.(undefined));
  const [renaming, setRenaming] = createSignal(false);
  const [deleting, setDeleting] = createSignal(false);
  const act = async (work: () => Promise<unknown>) => {
    props.onError(undefined);
    try {
      await work();
    } catch (e) {
      props.onError(describeError(e));
    }
  };
  const cover = () => act(async () => {
    const [id] = await props.selected();
    if (id) await setAlbumCover(props.db, props.name, id);
    props.selection.clear();
  });
  return (
    <section class="album-panel" aria-label={`Album ${props.name}`}>
      <div class="album-head">
        <Show
          when={renaming()}
          fallback={<h2>{record()?.name ?? props.name}</h2>}
        >
          <form
            class="album-rename"
            onSubmit={(e) => {
              e.preventDefault();
              const to = (e.currentTarget.elements.namedItem('name') as HTMLInputElement).value;
              void act(async () => {
                const name = await renameAlbum(props.db, props.name, to);
                setRenaming(false);
                location.hash = albumLink(name);
              });
            }}
          >
            <input name="name" aria-label="Album name" value={record()?.name ?? props.name} ref={(el) => queueMicrotask(() => el.select())} />
            <button type="submit">Save</button>
            <button type="button" onClick={() => setRenaming(false)}>Cancel</button>
          </form>
        </Show>
        <Show when={!renaming()}>
          <button type="button" onClick={() => setRenaming(true)}>Rename…</button>
        </Show>
        <label>
          Order{' '}
          <select aria-label="Order" value={byHand() ? 'hand' : 'date'} onChange={(e) => void act(() => setAlbumOrder(props.db, props.name, e.currentTarget.value as 'date' | 'hand'))}>
            <option value="date">By date</option>
            <option value="hand">By hand</option>
          </select>
        </label>
        <button type="button" disabled={props.selection.count() !== 1} title="Select one photo of the album first" onClick={() => void cover()}>Use as cover</button>
        <Show
          when={deleting()}
          fallback={<button type="button" onClick={() => setDeleting(true)}>Delete album…</button>}
        >
          <span role="group" aria-label="Delete album">
            Delete the album {props.name}? Its photos stay in the library.{' '}
            <button type="button" onClick={() => void act(async () => {
              await deleteAlbum(props.db, props.name);
              // To the timeline, where the toast offers to undo it.
              location.hash = '#/';
            })}>Delete</button>
            <button type="button" onClick={() => setDeleting(false)}>Keep</button>
          </span>
        </Show>
      </div>
      <Show when={byHand()} fallback={props.children}>
        <p class="caption album-hint">Drag a photo to its place, or focus it and press Alt + ← →.</p>
        <AlbumArrange
          ids={ids()}
          photos={(some) => getPhotos(props.db, some)}
          thumbs={(some) => getThumbs(props.db, some)}
          selection={props.selection}
          onOpen={props.onOpen}
          move={(id, to) => act(() => moveInAlbum(props.db, props.name, ids(), id, to))}
        />
      </Show>
    </section>
  );
}
