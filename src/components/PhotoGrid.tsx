import { For, Show, createEffect, createMemo, createSignal, onCleanup, onMount } from 'solid-js';
import type { TimelineKey } from '../catalog/photo-repo';
import type { PhotoRow } from '../catalog/types';
import { monthLabel } from '../app/format';
import { firstRowAt, layoutTimeline, type Row } from './timeline-layout';

export interface GridData {
  /** Rows for a key range (inclusive, newest first) and their tile blobs. */
  load(first: TimelineKey, last: TimelineKey): Promise<{ photos: PhotoRow[]; thumbs: Map<string, Blob> }>;
}

interface Props {
  keys: TimelineKey[];
  data: GridData;
  onOpen: (index: number) => void;
  /** Changes whenever photos are written, so visible tiles refresh. */
  version: number;
}

const OVERSCAN = 600;

/**
 * The timeline grid, virtualised: only the rows near the viewport are in the DOM, and only their
 * photos and tiles are read from the catalogue, by key range.
 */
export function PhotoGrid(props: Props) {
  let scroller!: HTMLDivElement;
  const [width, setWidth] = createSignal(800);
  const [viewport, setViewport] = createSignal({ top: 0, height: 800 });
  const [photos, setPhotos] = createSignal(new Map<string, PhotoRow>());
  const urls = new Map<string, string>();
  const [urlVersion, setUrlVersion] = createSignal(0);
  const [focusIndex, setFocusIndex] = createSignal(0);

  const layout = createMemo(() => layoutTimeline(props.keys.map((k) => k[0]), width()));
  const visibleRows = createMemo(() => {
    const { rows } = layout();
    const { top, height } = viewport();
    const out: Row[] = [];
    for (let i = firstRowAt(rows, top - OVERSCAN); i < rows.length; i++) {
      const row = rows[i] as Row;
      if (row.top > top + height + OVERSCAN) break;
      out.push(row);
    }
    return out;
  });
  const visibleRange = createMemo(() => {
    const tiles = visibleRows().filter((r): r is Extract<Row, { kind: 'tiles' }> => r.kind === 'tiles');
    const first = tiles[0];
    const last = tiles[tiles.length - 1];
    return first && last ? [first.start, last.start + last.count - 1] as const : undefined;
  });

  let loadToken = 0;
  createEffect(() => {
    const range = visibleRange();
    void props.version;
    if (!range) return;
    const [a, b] = range;
    const first = props.keys[a];
    const last = props.keys[b];
    if (!first || !last) return;
    const token = ++loadToken;
    void props.data.load(first, last).then(({ photos: rows, thumbs }) => {
      if (token !== loadToken) return; // scrolled on: a newer load wins (a cancellation, not an error)
      const keep = new Set(rows.map((r) => r.id));
      for (const [id, url] of urls) if (!keep.has(id)) { URL.revokeObjectURL(url); urls.delete(id); }
      for (const [id, blob] of thumbs) if (!urls.has(id)) urls.set(id, URL.createObjectURL(blob));
      setPhotos(new Map(rows.map((r) => [r.id, r])));
      setUrlVersion((v) => v + 1);
    });
  });

  onMount(() => {
    const measure = () => {
      setWidth(scroller.clientWidth);
      setViewport({ top: scroller.scrollTop, height: scroller.clientHeight });
    };
    const observer = new ResizeObserver(measure);
    observer.observe(scroller);
    measure();
    onCleanup(() => observer.disconnect());
  });
  onCleanup(() => urls.forEach((u) => URL.revokeObjectURL(u)));

  const focusTile = (index: number) => {
    const clamped = Math.max(0, Math.min(props.keys.length - 1, index));
    setFocusIndex(clamped);
    const row = layout().rows.find((r) => r.kind === 'tiles' && clamped >= r.start && clamped < r.start + r.count);
    if (row && (row.top < scroller.scrollTop || row.top + row.height > scroller.scrollTop + scroller.clientHeight)) {
      scroller.scrollTop = row.top - HEADER_OFFSET;
    }
    requestAnimationFrame(() => scroller.querySelector<HTMLElement>(`[data-index="${clamped}"]`)?.focus());
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const cols = layout().columns;
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols, Home: -Infinity, End: Infinity };
    const step = moves[e.key];
    if (step === undefined) return;
    e.preventDefault();
    focusTile(Number.isFinite(step) ? focusIndex() + step : step < 0 ? 0 : props.keys.length - 1);
  };

  return (
    <div
      class="grid-scroller"
      ref={scroller}
      onScroll={() => setViewport({ top: scroller.scrollTop, height: scroller.clientHeight })}
      onKeyDown={onKeyDown}
    >
      <div class="grid-spacer" style={{ height: `${layout().height}px` }} role="list" aria-label="Photos">
        <For each={visibleRows()}>
          {(row) =>
            row.kind === 'header' ? (
              <h2 class="month" style={{ top: `${row.top}px` }}>{monthLabel(row.at)}</h2>
            ) : (
              <div class="tile-row" style={{ top: `${row.top}px`, height: `${row.height}px` }}>
                <For each={Array.from({ length: row.count }, (_, i) => row.start + i)}>
                  {(index) => {
                    const key = () => props.keys[index];
                    const photo = () => { const k = key(); return k ? photos().get(k[1]) : undefined; };
                    const url = () => { void urlVersion(); const k = key(); return k ? urls.get(k[1]) : undefined; };
                    return (
                      <div role="listitem" class="tile" style={{ width: `${layout().tile}px` }}>
                        <button
                          type="button"
                          data-index={index}
                          tabIndex={index === focusIndex() ? 0 : -1}
                          onClick={() => { setFocusIndex(index); props.onOpen(index); }}
                          onFocus={() => setFocusIndex(index)}
                        >
                          <Show when={url()} fallback={<span class="tile-placeholder" aria-label={photo()?.name ?? 'Loading photo'} role="img" />}>
                            {(src) => (
                              <img
                                src={src()}
                                alt={photo()?.name ?? ''}
                                data-damaged={photo()?.damaged ? 'true' : undefined}
                                data-provisional={photo()?.provisional ? 'true' : undefined}
                                decoding="async"
                              />
                            )}
                          </Show>
                        </button>
                      </div>
                    );
                  }}
                </For>
              </div>
            )
          }
        </For>
      </div>
    </div>
  );
}

const HEADER_OFFSET = 44;
