import { For, Show, createEffect, createMemo, createSignal, on, onCleanup, onMount } from 'solid-js';
import type { PhotoRow } from '../catalog/types';
import type { Selection } from '../components/selection';
import { turnStyle } from '../components/rotation';
import { typing } from '../components/use-picking';
import { createLiveFrom } from '../app/live';

interface Props {
  /** The album's photos' ids in its hand order. */
  ids: readonly string[];
  /** The rows of some of them (live: read again when they change). */
  photos: (ids: readonly string[]) => Promise<PhotoRow[]>;
  /** Their tiles. */
  thumbs: (ids: readonly string[]) => Promise<Map<string, Blob>>;
  selection: Selection;
  /** Put photo `id` at place `to` of the order. */
  move: (id: string, to: number) => Promise<void>;
  onOpen: (id: string) => void;
}

/** The grid's smallest tile, its gap and padding (app.css `.album-arrange`), in CSS pixels. */
const MIN_TILE = 140;
const GAP = 2;
/** Rows drawn above and below the view, so a quick scroll does not show empty places. */
const OVERSCAN = 2;

/**
 * An album ordered by hand: its photos in the person's order, moved by dragging a tile onto
 * another's place, or with the keyboard (Alt + arrows, Alt + Home / End on a focused tile); the
 * arrows, Home and End alone move the focus. Only the rows in view are drawn and their tiles read,
 * so an album of thousands costs what a screenful does. Each tile has the view's check mark, so the
 * selection bar works here as on any grid: Shift+click selects a range of this order, Ctrl/⌘+A
 * all of it (the view's ids are the hand order), Escape none.
 */
export function AlbumArrange(props: Props) {
  /** The scroller; the list inside it is as tall as every row (its padding stands for the rows not drawn). */
  let scroller: HTMLDivElement | undefined;
  let list: HTMLOListElement | undefined;
  const [dragged, setDragged] = createSignal<string>();
  const [box, setBox] = createSignal({ width: 0, height: 0, top: 0, padding: 0 });
  /** The tile that takes Tab (roving focus): the last one focused. */
  const [current, setCurrent] = createSignal(0);

  const grid = createMemo(() => {
    const inner = Math.max(MIN_TILE, box().width - 2 * box().padding);
    const columns = Math.max(1, Math.floor((inner + GAP) / (MIN_TILE + GAP)));
    const side = (inner - (columns - 1) * GAP) / columns;
    return { columns, side, row: side + GAP, rows: Math.ceil(props.ids.length / columns) };
  });
  const span = createMemo(() => {
    const { columns, row, rows } = grid();
    const first = Math.max(0, Math.floor(box().top / row) - OVERSCAN);
    const last = Math.min(rows, Math.ceil((box().top + Math.max(box().height, row)) / row) + OVERSCAN);
    return { first, last, from: first * columns, to: Math.min(props.ids.length, last * columns) };
  }, undefined, { equals: (a, b) => !!a && a.from === b.from && a.to === b.to && a.first === b.first && a.last === b.last });
  const shown = createMemo(() => props.ids.slice(span().from, span().to));

  const rows = createLiveFrom(shown, (ids) => props.photos(ids), [] as PhotoRow[], 100);
  const byId = createMemo(() => new Map(rows().map((p) => [p.id, p])));
  // Object URLs of the tiles drawn, kept while their tile is drawn and revoked when it goes.
  const urls = new Map<string, string>();
  const [urlsVersion, setUrlsVersion] = createSignal(0);
  createEffect(on(shown, (ids) => {
    const keep = new Set(ids);
    for (const [id, url] of urls) {
      if (!keep.has(id)) {
        URL.revokeObjectURL(url);
        urls.delete(id);
      }
    }
    const missing = ids.filter((id) => !urls.has(id));
    if (!missing.length) return;
    void props.thumbs(missing).then((blobs) => {
      const still = new Set(shown());
      for (const [id, blob] of blobs) if (still.has(id) && !urls.has(id)) urls.set(id, URL.createObjectURL(blob));
      setUrlsVersion((v) => v + 1);
    }, () => undefined); // tiles not read show their placeholder; the next scroll asks again
  }));
  onCleanup(() => urls.forEach((u) => URL.revokeObjectURL(u)));
  const urlOf = (id: string) => (urlsVersion(), urls.get(id));

  /** The list's size and scroll; its side padding only when its size changes (a style read). */
  const measure = (resized = false) => {
    if (!scroller) return;
    const padding = resized ? parseFloat(getComputedStyle(scroller).paddingLeft) || 0 : box().padding;
    setBox({ width: scroller.clientWidth, height: scroller.clientHeight, top: scroller.scrollTop, padding });
  };
  onMount(() => {
    measure(true);
    const observer = new ResizeObserver(() => measure(true));
    if (scroller) observer.observe(scroller);
    onCleanup(() => observer.disconnect());
  });

  /**
   * Scroll place `at` into view, then focus its tile once drawn — photo `id`'s, when given: after a
   * move, the order read again puts it there a moment later.
   */
  const focusAt = (at: number, id?: string) => {
    if (!scroller || at < 0 || at >= props.ids.length) return;
    setCurrent(at);
    const { columns, row } = grid();
    const top = Math.floor(at / columns) * row;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + row > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + row - scroller.clientHeight;
    measure();
    const selector = `[data-index="${at}"]${id ? `[data-id="${id}"]` : ''}`;
    const tries = (left: number) => requestAnimationFrame(() => {
      const el = list?.querySelector<HTMLElement>(selector);
      if (el) el.focus();
      else if (left > 0) tries(left - 1);
    });
    tries(60);
  };

  let anchor: number | undefined;
  const check = (e: MouseEvent, id: string, at: number) => {
    if (e.shiftKey && anchor !== undefined) {
      const [from, to] = anchor < at ? [anchor, at] : [at, anchor];
      props.selection.set(props.ids.slice(from, to + 1), true);
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
        props.selection.selectAll(props.ids.length);
      } else if (e.key === 'Escape' && props.selection.count() > 0) {
        props.selection.clear();
        anchor = undefined;
      }
    };
    window.addEventListener('keydown', onKey);
    onCleanup(() => window.removeEventListener('keydown', onKey));
  });
  const onKey = (e: KeyboardEvent, id: string, at: number) => {
    const { columns } = grid();
    const step = ({ ArrowLeft: at - 1, ArrowRight: at + 1, ArrowUp: at - (e.altKey ? 1 : columns), ArrowDown: at + (e.altKey ? 1 : columns), Home: 0, End: props.ids.length - 1 } as Record<string, number>)[e.key];
    if (step === undefined || e.ctrlKey || e.metaKey) return;
    const to = Math.max(0, Math.min(props.ids.length - 1, step));
    e.preventDefault();
    if (!e.altKey) focusAt(to);
    else if (to !== at) void props.move(id, to).then(() => focusAt(to, id));
  };
  return (
    <div class="album-arrange" ref={scroller} onScroll={() => measure()}>
      <ol
        ref={list}
        aria-label="Album, in your order"
        style={{
          'grid-template-columns': `repeat(${grid().columns}, 1fr)`,
          'grid-auto-rows': `${grid().side}px`,
          'padding-top': `${span().first * grid().row}px`,
          'padding-bottom': `${Math.max(0, grid().rows - span().last) * grid().row}px`,
        }}
      >
        <For each={shown()}>
          {(id, i) => {
            const at = () => span().from + i();
            const photo = () => byId().get(id);
            const name = () => photo()?.name ?? 'Photo';
            return (
              <li
                classList={{ tile: true, dragging: dragged() === id }}
                data-picked={props.selection.has(id) ? 'true' : undefined}
                onDragOver={(e) => {
                  if (!dragged()) return;
                  e.preventDefault();
                  e.stopPropagation();
                }}
                onDrop={(e) => {
                  // A tile moved, not a folder dropped on the window (LibraryView's drop).
                  e.preventDefault();
                  e.stopPropagation();
                  const from = dragged();
                  setDragged(undefined);
                  if (from && from !== id) void props.move(from, at());
                }}
              >
                <button
                  type="button"
                  draggable="true"
                  data-id={id}
                  data-index={at()}
                  tabIndex={at() === Math.min(Math.max(current(), span().from), span().to - 1) ? 0 : -1}
                  aria-label={`${name()}, ${(at() + 1).toLocaleString('en')} of ${props.ids.length.toLocaleString('en')}`}
                  aria-keyshortcuts="Alt+ArrowLeft Alt+ArrowRight Alt+Home Alt+End"
                  onFocus={() => setCurrent(at())}
                  onDragStart={(e) => {
                    setDragged(id);
                    e.dataTransfer?.setData('text/plain', id);
                  }}
                  onDragEnd={() => setDragged(undefined)}
                  onKeyDown={(e) => onKey(e, id, at())}
                  onClick={(e) => (e.ctrlKey || e.metaKey || e.shiftKey || props.selection.count() ? check(e, id, at()) : props.onOpen(id))}
                >
                  <Show when={urlOf(id)} fallback={<span class="tile-placeholder" />}>
                    {(src) => <img src={src()} alt="" draggable={false} style={turnStyle(photo()?.rotation)} />}
                  </Show>
                </button>
                <button
                  type="button"
                  role="checkbox"
                  class="tile-check"
                  tabIndex={-1}
                  aria-checked={props.selection.has(id) ? 'true' : 'false'}
                  aria-label={`Select ${name()}`}
                  onClick={(e) => check(e, id, at())}
                >
                  ✓
                </button>
              </li>
            );
          }}
        </For>
      </ol>
    </div>
  );
}
