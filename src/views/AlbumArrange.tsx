import { For, Show, createSignal, onCleanup, onMount } from 'solid-js';
import type { PhotoRow } from '../catalog/types';
import type { Selection } from '../components/selection';
import { turnStyle } from '../components/rotation';
import { typing } from '../components/use-picking';

interface Props {
  /** The album's photos in its hand order, with their tiles' URLs. */
  photos: PhotoRow[];
  urls: Map<string, string>;
  selection: Selection;
  /** Put photo `id` at place `to` of the order. */
  move: (id: string, to: number) => Promise<void>;
  onOpen: (id: string) => void;
}

/**
 * An album ordered by hand: its photos in the person's order, moved by dragging a tile onto
 * another's place, or with the keyboard (Alt + ← →, Alt + Home / End on a focused tile). Each
 * tile has the view's check mark, so the selection bar works here as on any grid: Shift+click
 * selects a range of this order, Ctrl/⌘+A all of it (the view's ids are the hand order), Escape none.
 */
export function AlbumArrange(props: Props) {
  const [dragged, setDragged] = createSignal<string>();
  let anchor: number | undefined;
  const check = (e: MouseEvent, id: string, at: number) => {
    if (e.shiftKey && anchor !== undefined) {
      const [from, to] = anchor < at ? [anchor, at] : [at, anchor];
      props.selection.set(props.photos.slice(from, to + 1).map((p) => p.id), true);
      return;
    }
    props.selection.toggle(id);
    anchor = at;
  };
  onMount(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(document.activeElement)) return;
      if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        props.selection.selectAll(props.photos.length);
      } else if (e.key === 'Escape' && props.selection.count() > 0) {
        props.selection.clear();
        anchor = undefined;
      }
    };
    window.addEventListener('keydown', onKey);
    onCleanup(() => window.removeEventListener('keydown', onKey));
  });
  let list: HTMLOListElement | undefined;
  const refocus = (id: string) => requestAnimationFrame(() => list?.querySelector<HTMLElement>(`[data-id="${id}"]`)?.focus());
  const onKey = (e: KeyboardEvent, id: string, at: number) => {
    if (!e.altKey) return;
    const to = ({ ArrowLeft: at - 1, ArrowUp: at - 1, ArrowRight: at + 1, ArrowDown: at + 1, Home: 0, End: props.photos.length - 1 } as Record<string, number>)[e.key];
    if (to === undefined || to < 0 || to >= props.photos.length) return;
    e.preventDefault();
    void props.move(id, to).then(() => refocus(id));
  };
  return (
    <ol class="album-arrange" ref={list} aria-label="Album, in your order">
      <For each={props.photos}>
        {(photo, i) => (
          <li
            classList={{ tile: true, dragging: dragged() === photo.id }}
            data-picked={props.selection.has(photo.id) ? 'true' : undefined}
            onDragOver={(e) => {
              if (!dragged()) return;
              e.preventDefault();
              e.stopPropagation();
            }}
            onDrop={(e) => {
              // A tile moved, not a folder dropped on the window (LibraryView's drop).
              e.preventDefault();
              e.stopPropagation();
              const id = dragged();
              setDragged(undefined);
              if (id && id !== photo.id) void props.move(id, i());
            }}
          >
            <button
              type="button"
              draggable="true"
              data-id={photo.id}
              aria-label={`${photo.name}, ${i() + 1} of ${props.photos.length}`}
              aria-keyshortcuts="Alt+ArrowLeft Alt+ArrowRight"
              onDragStart={(e) => {
                setDragged(photo.id);
                e.dataTransfer?.setData('text/plain', photo.id);
              }}
              onDragEnd={() => setDragged(undefined)}
              onKeyDown={(e) => onKey(e, photo.id, i())}
              onClick={(e) => (e.ctrlKey || e.metaKey || e.shiftKey || props.selection.count() ? check(e, photo.id, i()) : props.onOpen(photo.id))}
            >
              <Show when={props.urls.get(photo.id)} fallback={<span class="tile-placeholder" />}>
                {(src) => <img src={src()} alt="" draggable={false} style={turnStyle(photo.rotation)} />}
              </Show>
            </button>
            <button
              type="button"
              role="checkbox"
              class="tile-check"
              tabIndex={-1}
              aria-checked={props.selection.has(photo.id) ? 'true' : 'false'}
              aria-label={`Select ${photo.name}`}
              onClick={(e) => check(e, photo.id, i())}
            >
              ✓
            </button>
          </li>
        )}
      </For>
    </ol>
  );
}
