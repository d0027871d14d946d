import { For, Show, batch, createComputed, createEffect, createMemo, createSignal, on, onCleanup, onMount } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { isPlaceholderId } from '../catalog/placeholder-repo';
import type { TimelineKey } from '../catalog/timeline-repo';
import type { PhotoRow } from '../catalog/types';
import { clock, monthLabel } from '../app/format';
import { TileBadges } from './StackBadge';
import type { Selection } from './selection';
import { usePicking } from './use-picking';
import { Scrubber } from './Scrubber';
import { turnStyle, turnedFillStyle } from './rotation';
import { HEADER_HEIGHT, layoutTimeline, monthBlock, monthStarts, rowAt, rowOfIndex, rowsBetween, sameLayoutInputs, tileAcross, type MonthCount, type Row, type TileRow } from './timeline-layout';

export interface GridData {
  keysOfMonth(month: number): Promise<TimelineKey[]>;
  /** `count` of a month's keys from position `from`, when they can be read without the rest (the grid reads what it shows). */
  keysInMonth?(month: number, from: number, count: number): Promise<TimelineKey[]>;
  /**
   * Rows and tile blobs for a span of a month's keys (every key from the first to the last shown,
   * newest first): the keys name the photos, so the tiles need not wait for the rows.
   */
  load(keys: readonly TimelineKey[]): Promise<{ photos: PhotoRow[]; thumbs: Map<string, Blob> }>;
  /** A month's aspect ratios as shown (rotation.ts `shownAspect`), in grid order: for justified rows. */
  aspectsOfMonth(month: number): Promise<number[]>;
}

interface Props {
  buckets: MonthCount[];
  data: GridData;
  onOpen: (key: TimelineKey) => void;
  /** Changes whenever photos are written, so visible tiles refresh. */
  version: number;
  /** The list's accessible name ("Photos", "Results"). */
  label?: string;
  /** The view's selection: tiles get a check mark, months a "Select" button (grid-picking.ts). */
  selection?: Selection;
  /** A month to scroll to once it is laid out (a link from the calendar); the nearest older one if it has no photos. */
  jumpTo?: number;
  /** Rows that keep each photo's aspect ratio, instead of square tiles. */
  justified?: boolean;
  /** Reads how many of the counted tiles are stand-ins (`pending:<file>`), which "select all" leaves out. */
  standIns?: () => Promise<number>;
  /** A tile's picture was loaded: an import's first tile may be on screen (the import holds back until then). */
  onTileShown?: () => void;
  /** A screenful's rows and tiles were read and are in place (after every read that brings new ones). */
  onScreen?: () => void;
}

const OVERSCAN = 600;
/** The height justified rows aim at, px (square tiles are at least 160 px). */
const ROW_HEIGHT = 180;
/** A tile's padding on each side (app.css `.tile`), px. */
const TILE_PAD = 2;

/** A tile's accessible name: the file's, and for a video its kind and length ("IMG_0001.MOV, video, 0:12"). */
const tileName = (photo: PhotoRow) => (photo.video ? `${photo.name}, video, ${clock(photo.video.durationS)}` : photo.name);

/**
 * The timeline grid, virtualised: laid out from month counts, only the rows near the viewport
 * are in the DOM, and only their months' keys, rows and tiles are read from the catalogue.
 */
export function PhotoGrid(props: Props) {
  let scroller!: HTMLDivElement;
  const [width, setWidth] = createSignal(800);
  const [viewport, setViewport] = createSignal({ top: 0, height: 800 });
  const [keys, setKeys] = createSignal(new Map<number, TimelineKey[]>());
  const [photos, setPhotos] = createSignal(new Map<string, PhotoRow>());
  const [urls, setUrls] = createSignal(new Map<string, string>());
  const [focusIndex, setFocusIndex] = createSignal(0);
  /**
   * The photo the keyboard's focus is on (set when a tile takes the focus). Photos added or gone
   * around it (an import, a photo made private) move it to another place while its place's
   * element stays (rows are kept by month and offset) and shows another photo: the focus and the
   * grid's tab stop follow the photo (`focusedPhotoIndex`).
   */
  let focusedPhoto: { month: number; id: string } | undefined;
  /** The tab stop moved by the keyboard or a jump: the focus goes there, not after the last photo. */
  const moveFocusIndex = (index: number) => {
    focusedPhoto = undefined;
    setFocusIndex(index);
  };

  // Justified rows need each month's aspect ratios: read for the months near the screen only
  // (the others are guessed from their counts), and again when photos change (a rotation).
  const [aspects, setAspects] = createSignal(new Map<number, readonly number[]>());
  const inputs = createMemo(() => ({ buckets: props.buckets, width: width(), justified: Boolean(props.justified), aspects: aspects() }), undefined, { equals: sameLayoutInputs });
  const layout = createMemo(() => {
    const { buckets, width: across, justified, aspects: known } = inputs();
    return layoutTimeline(buckets, across, 160, justified ? { aspects: (m) => known.get(m), rowHeight: ROW_HEIGHT } : undefined);
  });
  const starts = createMemo(() => monthStarts(layout()));
  // A contiguous slice of the layout: the same first and last row means the same rows, so a scroll
  // that brings no row in or out neither re-renders nor reads the catalogue again.
  const sameSlice = (a: Row[], b: Row[]) => a.length === b.length && a[0] === b[0] && a[a.length - 1] === b[b.length - 1];
  // Nothing is drawn before the grid has measured itself (onMount): drawn at the default width
  // first, its rows were made twice, at five tiles a row and then at the real width's.
  const [measured, setMeasured] = createSignal(false);
  const visibleRows = createMemo(
    () => {
      if (!measured()) return [];
      const { top, height } = viewport();
      return rowsBetween(layout(), top - OVERSCAN, top + height + OVERSCAN);
    },
    [],
    { equals: sameSlice },
  );

  /**
   * The scrubber is being dragged: the drag, not the rows on screen, says where the grid is. Rows
   * the drag passes are laid out as empty tiles (no keys, rows or thumbnails read for them): the
   * catalogue is read once, where the drag lets go.
   */
  const [scrubbing, setScrubbing] = createSignal(false);
  /**
   * Just after a drag lets go, or a jump (the scrubber's keys, End, a far scroll: no row near the
   * screen before is near it now), rows off screen (the overscan) stay bare one frame longer: the
   * rows on screen are drawn first, the rest in the next frame, so no one frame draws them all.
   */
  const [settling, setSettling] = createSignal(false);
  /**
   * Justified rows: a month whose shapes are not read yet is laid out as a guess (layoutJustified),
   * and its rows are drawn bare until they are read, a few ms later: drawn as tiles, the guess
   * showed its thumbnails in squares and then moved them all (every opening of the library, the
   * layout test's frames).
   */
  const bare = (row: Row) => scrubbing() || (row.kind === 'tiles' && row.guessed) || (settling() && (row.top + row.height < viewport().top || row.top > viewport().top + viewport().height));
  let settleToken = 0;
  const settle = (on: boolean) => {
    const token = ++settleToken;
    setSettling(on);
    if (on) requestAnimationFrame(() => requestAnimationFrame(() => token === settleToken && setSettling(false)));
  };
  // The grid's first rows (opened, or a search answered after none) are drawn the same way: the
  // screen's rows in the frame that shows them, the overscan's tiles a frame later. The bench's 20
  // queries at 100,000 photos, typed after the timeline in five sets with this and the URL written
  // after the paint (views/query-history.ts) alternating with five without: median 16.2 ms and p95
  // 27.4 against 22.0 and 39.5 (2026-12-05).
  let drewRows = false;
  createComputed(() => {
    const rows = visibleRows();
    if (!drewRows && rows.length) settle(true);
    drewRows = rows.length > 0;
  });
  /**
   * The rows drawn: the visible rows kept in a store under keys that outlive a new layout (a
   * month's header, a month's row at its offset), so a row whose place or count changed is
   * updated where it is and one that did not change keeps its elements. Drawn straight from each
   * layout, every month count delivered during an import (every 0.75–1.5 s) made every row and
   * tile on screen again: 40–60 ms of the page's longest tasks while indexing (traced, session 39).
   */
  const [drawn, setDrawn] = createStore<{ rows: (Row & { key: string })[] }>({ rows: [] });
  createComputed(() =>
    setDrawn('rows', reconcile(visibleRows().map((r) => ({ ...r, key: r.kind === 'header' ? `h${r.month}` : `t${r.month}:${r.offset}` })), { key: 'key' })),
  );

  const onScrub = (dragging: boolean) => {
    settle(!dragging);
    setScrubbing(dragging);
  };
  const onScroll = () => {
    const next = { top: scroller.scrollTop, height: scroller.clientHeight };
    batch(() => {
      if (Math.abs(next.top - viewport().top) > next.height + 2 * OVERSCAN) settle(true);
      setViewport(next);
    });
  };
  // Measured before the first read below: a first read laid out at the default width was thrown
  // away at once (the first tile, session 39).
  onMount(() => {
    const measure = () => {
      const style = getComputedStyle(scroller);
      setWidth(scroller.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
      setViewport({ top: scroller.scrollTop, height: scroller.clientHeight });
    };
    const observer = new ResizeObserver(measure);
    observer.observe(scroller);
    batch(() => {
      measure();
      setMeasured(true);
    });
    onCleanup(() => observer.disconnect());
  });
  let loadToken = 0;
  let loadedVersion = -1;
  createEffect(
    on([visibleRows, () => props.version, scrubbing], async ([rows, version, dragging]) => {
      const token = ++loadToken;
      if (dragging) return;
      const tileRows = rows.filter((r): r is TileRow => r.kind === 'tiles');
      // Each month's positions on screen, first and last. A month's keys are kept as far as they
      // were read (holes elsewhere): only these are read, not the whole month.
      const wanted = new Map<number, [number, number]>();
      for (const { month, offset, count } of tileRows) {
        const [lo, hi] = wanted.get(month) ?? [offset, offset];
        wanted.set(month, [Math.min(lo, offset), Math.max(hi, offset + count - 1)]);
      }
      const months = [...wanted.keys()];
      const cache = version === loadedVersion ? keys() : new Map<number, TimelineKey[]>();
      const missing = months.filter((m) => {
        const list = cache.get(m);
        const [lo, hi] = wanted.get(m) as [number, number];
        if (!list) return true;
        for (let i = lo; i <= hi; i++) if (!list[i]) return true;
        return false;
      });
      const fetched = await Promise.all(
        missing.map(async (m) => {
          const { keysInMonth } = props.data;
          if (!keysInMonth) return props.data.keysOfMonth(m);
          const [lo, hi] = wanted.get(m) as [number, number];
          const part = await keysInMonth(m, lo, hi - lo + 1);
          const list = (cache.get(m) ?? []).slice();
          part.forEach((key, i) => (list[lo + i] = key));
          return list;
        }),
      );
      if (token !== loadToken) return; // scrolled on: a newer load wins (a cancellation, not an error)
      const monthKeys = new Map(months.map((m) => [m, fetched[missing.indexOf(m)] ?? cache.get(m) ?? []]));
      const spans = months.flatMap((m) => {
        const list = monthKeys.get(m) ?? [];
        const [lo, hi] = wanted.get(m) as [number, number];
        // (Complete from `lo` to `hi`, as read above; a key missing all the same is left out.)
        const span = list.slice(lo, hi + 1).filter((key): key is TimelineKey => key !== undefined);
        return span.length ? [span] : [];
      });
      const loaded = await Promise.all(spans.map((span) => props.data.load(span)));
      if (token !== loadToken) return;
      loadedVersion = version;
      const nextUrls = new Map<string, string>();
      const old = urls();
      for (const { thumbs } of loaded) {
        for (const [id, blob] of thumbs) nextUrls.set(id, old.get(id) ?? URL.createObjectURL(blob));
      }
      for (const [id, url] of old) if (!nextUrls.has(id)) URL.revokeObjectURL(url);
      setKeys(monthKeys);
      setPhotos(new Map(loaded.flatMap(({ photos: list }) => list.map((p) => [p.id, p] as const))));
      setUrls(nextUrls);
      props.onScreen?.();
    }),
  );

  let aspectsToken = 0;
  let aspectsVersion = -1;
  createEffect(
    on([visibleRows, () => props.version, () => props.justified, scrubbing], async ([rows, version, justified, dragging]) => {
      if (!justified || dragging) return;
      const token = ++aspectsToken;
      const known = version === aspectsVersion ? aspects() : new Map<number, readonly number[]>();
      const months = [...new Set(rows.map((r) => r.month))].filter((m) => !known.has(m));
      if (!months.length && known === aspects()) return;
      const read = await Promise.all(months.map((m) => props.data.aspectsOfMonth(m)));
      if (token !== aspectsToken) return;
      aspectsVersion = version;
      const next = new Map(known);
      months.forEach((m, i) => next.set(m, read[i] ?? []));
      // The rows on screen stay where they are while the months around them take their real heights.
      const before = rowAt(layout(), scroller.scrollTop);
      const shift = before ? before.top - scroller.scrollTop : 0;
      setAspects(next);
      if (!before || scrubbing() || scroller.scrollTop === 0 || (props.jumpTo !== undefined && props.jumpTo !== released)) return;
      const after = monthBlock(layout(), before.month)?.rows().find((r) => (before.kind === 'header' ? r.kind === 'header' : r.kind === 'tiles' && r.offset + r.count > before.offset));
      if (after) scroller.scrollTop = after.top - shift;
    }),
  );

  onCleanup(() => urls().forEach((u) => URL.revokeObjectURL(u)));

  // A jump holds its month at the top while the bars above the grid come and go (the strip of
  // memories, an import's progress: the grid's height changes), until the person scrolls.
  let released: number | undefined;
  const release = () => (released = props.jumpTo);
  const height = createMemo(() => viewport().height);
  createEffect(() => {
    const month = props.jumpTo;
    const { months } = layout();
    height();
    if (month === undefined || month === released) return;
    // Months run newest first: the first at or before the month is where it starts; its first
    // tile takes the grid's focus stop, so Tab from here lands on the month jumped to.
    const block = months.find((m) => m.month <= month);
    if (!block) return;
    scroller.scrollTop = block.top;
    const first = block.rows()[1];
    if (first?.kind === 'tiles') moveFocusIndex(first.index);
  });

  /** The drawn tile at timeline position `index` (null while its row is off the screen). */
  const tileAt = (index: number) => scroller.querySelector<HTMLElement>(`[data-index="${index}"]`);
  const focusTile = (index: number) => {
    const clamped = Math.max(0, Math.min(layout().total - 1, index));
    moveFocusIndex(clamped);
    const row = rowOfIndex(layout(), clamped);
    if (row && (row.top < scroller.scrollTop || row.top + row.height > scroller.scrollTop + scroller.clientHeight)) {
      scroller.scrollTop = row.top - HEADER_HEIGHT;
    }
    requestAnimationFrame(() => tileAt(clamped)?.focus());
  };
  /** Where the focused photo stands now, by its month's keys as read (undefined: not known). */
  const focusedPhotoIndex = (): number | undefined => {
    const photo = focusedPhoto;
    if (!photo) return undefined;
    const block = monthBlock(layout(), photo.month);
    const offset = keys().get(photo.month)?.findIndex((k) => k?.[1] === photo.id) ?? -1;
    return block && offset >= 0 ? block.index + offset : undefined;
  };
  /**
   * Whether a tile of this grid holds the keyboard's focus, or did until its row was laid out anew
   * (the layout really changed: an import adding photos to the month on screen, a rotation in
   * another tab): the row's elements are made again, and the focus goes back to the same photo.
   * Focus the person took elsewhere, or off to the page, stays there.
   */
  let holdsFocus = false;
  const onFocusOut = (e: FocusEvent) => {
    const from = e.target as Element;
    if (e.relatedTarget) holdsFocus = scroller.contains(e.relatedTarget as Node);
    // To nowhere: the person clicked outside (the tile is still there), or the tile went with its row.
    else queueMicrotask(() => (holdsFocus = !from.isConnected));
  };
  // Rows drawn or keys read (photos came or went before the focused one, or a row was made
  // again): the tab stop follows the focused photo, and so does the focus if it is in the grid —
  // on a tile other than the photo's (the keyboard moved to a row bare then and drawn now, or the
  // photo moved), or lost with a row gone. The keys are what the tiles show, so the place found
  // from them is where the photo is drawn.
  createEffect(
    on(
      [visibleRows, keys],
      () => {
        const index = focusedPhotoIndex() ?? focusIndex();
        if (index !== focusIndex()) setFocusIndex(index);
        const active = document.activeElement;
        const elsewhere = active instanceof HTMLElement && scroller.contains(active) && active.dataset.index !== undefined && active.dataset.index !== String(index);
        if (elsewhere || (holdsFocus && (!active || active === document.body))) tileAt(index)?.focus({ preventScroll: true });
      },
      { defer: true },
    ),
  );
  const picking = usePicking(() => props, layout, keys);
  const onKeyDown = (e: KeyboardEvent) => {
    release();
    if (picking.onKey(e, focusIndex())) return;
    const cols = layout().columns;
    const from = focusIndex();
    // Justified rows hold different numbers of tiles: up and down go to the nearest tile across.
    const across = (dir: 1 | -1) => (layout().justified ? tileAcross(layout(), from, dir) - from : dir * cols);
    const moves: Record<string, () => number> = { ArrowRight: () => 1, ArrowLeft: () => -1, ArrowDown: () => across(1), ArrowUp: () => across(-1), Home: () => -Infinity, End: () => Infinity };
    const step = moves[e.key]?.();
    if (step === undefined) return;
    e.preventDefault();
    const to = Math.max(0, Math.min(layout().total - 1, Number.isFinite(step) ? from + step : step < 0 ? 0 : layout().total - 1));
    focusTile(to);
    if (e.shiftKey) picking.extend(from, to);
  };

  const Tile = (p: { row: TileRow; i: number }) => {
    const index = () => p.row.index + p.i;
    const tileWidth = () => p.row.widths?.[p.i] ?? layout().tile;
    const key = () => keys().get(p.row.month)?.[p.row.offset + p.i];
    const photo = () => {
      const k = key();
      return k ? photos().get(k[1]) : undefined;
    };
    const url = () => {
      const k = key();
      return k ? urls().get(k[1]) : undefined;
    };
    // Named one by one, not spread: a spread made each tile's button go through Solid's
    // `spread` (every prop merged and looked up again), 8–11 ms of a results grid's 40 tiles
    // drawn after a pause (traced, 2026-12-05).
    const press = picking.longPress(() => key()?.[1], index);
    return (
      <div role="listitem" class="tile" style={{ width: `${tileWidth()}px` }} data-picked={picking.has(key()) ? 'true' : undefined}>
        <button
          type="button"
          data-index={index()}
          tabIndex={index() === focusIndex() ? 0 : -1}
          onClick={(e) => {
            setFocusIndex(index());
            const k = key();
            if (k && !picking.onTileClick(e, k[1], index())) props.onOpen(k);
          }}
          onFocus={() => {
            setFocusIndex(index());
            const k = key();
            focusedPhoto = k && { month: p.row.month, id: k[1] };
          }}
          onPointerDown={press.onPointerDown}
          onPointerUp={press.onPointerUp}
          onPointerCancel={press.onPointerCancel}
          onPointerLeave={press.onPointerLeave}
          onContextMenu={press.onContextMenu}
        >
          <Show when={url()} fallback={<span class="tile-placeholder" role="img" aria-label={photo() ? tileName(photo() as PhotoRow) : 'Loading photo'} />}>
            {(src) => (
              <img
                src={src()}
                alt={photo() ? tileName(photo() as PhotoRow) : ''}
                data-damaged={photo()?.damaged ? 'true' : undefined}
                data-provisional={photo()?.provisional ? 'true' : undefined}
                style={layout().justified ? turnedFillStyle(photo()?.rotation, tileWidth() - 2 * TILE_PAD, p.row.height - 2 * TILE_PAD) : turnStyle(photo()?.rotation)}
                decoding="async"
                draggable={false}
                onLoad={() => props.onTileShown?.()}
              />
            )}
          </Show>
          <Show when={photo()?.video}>
            {(video) => <span class="tile-duration" aria-hidden="true">{clock(video().durationS)}</span>}
          </Show>
          <Show when={photo()?.missing}>
            <span class="tile-missing" title="No file in your folders shows this photo any more">Missing</span>
          </Show>
          <TileBadges photo={photo()} />
        </button>
        <Show when={props.selection && key()}>
          {(k) => (
            <button
              type="button"
              role="checkbox"
              class="tile-check"
              tabIndex={-1}
              disabled={isPlaceholderId(k()[1])}
              title={isPlaceholderId(k()[1]) ? 'This photo is still being read' : undefined}
              aria-checked={picking.has(k()) ? 'true' : 'false'}
              aria-label={`Select ${photo() ? tileName(photo() as PhotoRow) : 'photo'}`}
              onClick={(e) => picking.onCheck(e, k()[1], index())}
            >
              ✓
            </button>
          )}
        </Show>
      </div>
    );
  };

  return (
    <div class="grid-wrap">
      <div
        class="grid-scroller"
        ref={scroller}
        onScroll={onScroll}
        onWheel={release}
        onPointerDown={release}
        onTouchStart={release}
        onKeyDown={onKeyDown}
        onKeyUp={(e) => e.key === ' ' && props.selection && e.preventDefault()}
        onFocusIn={() => (holdsFocus = true)}
        onFocusOut={onFocusOut}
      >
        <div class="grid-spacer" style={{ height: `${layout().height}px` }} role="list" aria-label={props.label ?? 'Photos'} data-selecting={props.selection?.count() ? 'true' : undefined} {...picking.dragHandlers()}>
          <Show when={picking.rect()}>
            {(r) => <div class="drag-rect" style={{ left: `${Math.min(r().x0, r().x1)}px`, top: `${Math.min(r().y0, r().y1)}px`, width: `${Math.abs(r().x1 - r().x0)}px`, height: `${Math.abs(r().y1 - r().y0)}px` }} />}
          </Show>
          <For each={drawn.rows}>
            {(row) =>
              row.kind === 'header' ? (
                <>
                  <h2 class="month" style={{ top: `${row.top}px` }}>{monthLabel(row.month)}</h2>
                  <Show when={props.selection}>
                    <button type="button" class="month-select" style={{ top: `${row.top + 12}px` }} onClick={() => void picking.toggleMonth(row.month)}>
                      Select {monthLabel(row.month)}
                    </button>
                  </Show>
                </>
              ) : (
                <div class="tile-row" style={{ top: `${row.top}px`, height: `${row.height}px` }}>
                  {/* A bare row (`bare`) is one element drawn as its tiles: while the scrubber is dragged (nothing is read for it), or until its justified month is laid out. */}
                  <Show when={!bare(row)} fallback={<div role="listitem" class="tile-ghosts" aria-label={scrubbing() ? 'Photos, shown when the timeline is let go' : 'Photos, shown in a moment'} style={{ width: `${row.widths?.reduce((a, w) => a + w, 0) ?? row.count * layout().tile}px`, '--tile': `${row.widths ? Math.round((row.widths.reduce((a, w) => a + w, 0)) / row.count) : layout().tile}px` }} />}>
                    <For each={Array.from({ length: row.count }, (_, i) => i)}>{(i) => <Tile row={row} i={i} />}</For>
                  </Show>
                </div>
              )
            }
          </For>
        </div>
      </div>
      <Scrubber
        starts={starts()}
        height={layout().height}
        viewport={viewport()}
        scrollTo={(top) => {
          release();
          scroller.scrollTop = top;
        }}
        onDrag={onScrub}
      />
    </div>
  );
}
