import { For, Show, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import { monthLabel } from '../app/format';
import { monthIndexAt, scrubberMarks } from './timeline-layout';

interface Props {
  /** Where each month's header is in the grid, newest first (laid out from month counts: no photo is read to draw the scrubber). */
  starts: readonly { month: number; top: number }[];
  /** The grid's full height and its viewport. */
  height: number;
  viewport: { top: number; height: number };
  /** Scroll the grid to this position (px). */
  scrollTo: (top: number) => void;
  /** A drag starts or ends (the grid then leaves the scroll position to the drag). */
  onDrag?: (dragging: boolean) => void;
}

/** Smallest gap between two year labels and between two month ticks, in px of the track. */
const YEAR_GAP = 16;
const TICK_GAP = 3;

/**
 * The timeline scrubber at the grid's side: years and months placed where they start in the grid,
 * dragged (or clicked) to jump there, and a slider for the keyboard (arrows a month, Page Up and
 * Page Down a year, Home and End the ends). It reads only the layout, which comes from the month
 * counts; a drag scrolls at most once a frame, and the grid reads only the screenful it lands on.
 */
export function Scrubber(props: Props) {
  let track!: HTMLDivElement;
  const starts = () => props.starts;
  // Memos: a scroll changes the viewport's top, not these, and the marks (a span per month) are
  // laid out again only when the grid's or the track's height changes.
  const range = createMemo(() => Math.max(0, props.height - props.viewport.height));
  const trackHeight = createMemo(() => props.viewport.height);
  const marks = createMemo(() => scrubberMarks(starts(), range(), YEAR_GAP / Math.max(1, trackHeight()), TICK_GAP / Math.max(1, trackHeight())));
  // A month chosen by key is the slider's value while the grid stays where it put it: the last
  // months all fit the last screenful, so their starts cannot all be scrolled to the top.
  const [held, setHeld] = createSignal<{ index: number; top: number }>();
  const current = createMemo(() => {
    const h = held();
    return h && Math.abs(h.top - props.viewport.top) < 1 ? h.index : monthIndexAt(starts(), props.viewport.top);
  });
  const currentMonth = () => starts()[current()]?.month;
  // While the pointer is down or over the track: where it is (a fraction of the track, from the top).
  const [pointer, setPointer] = createSignal<number>();
  const [dragging, setDragging] = createSignal(false);
  const atPointer = () => {
    const y = pointer();
    if (y === undefined) return undefined;
    return starts()[monthIndexAt(starts(), y * range())]?.month;
  };

  let frame = 0;
  let pending = 0;
  const scrollToY = (at: number) => {
    pending = at;
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      props.scrollTo(pending * range());
    });
  };
  onCleanup(() => cancelAnimationFrame(frame));
  // While dragging, the grid's height can change under the pointer (justified rows read the shapes
  // of the months it reaches): the pointer's place on the track stays the place in the grid.
  createEffect(on([range, dragging], ([, now]) => now && scrollToY(pending), { defer: true }));
  createEffect(on(dragging, (now) => props.onDrag?.(now), { defer: true }));
  const yOf = (e: PointerEvent) => {
    const box = track.getBoundingClientRect();
    return Math.max(0, Math.min(1, (e.clientY - box.top) / Math.max(1, box.height)));
  };

  /** To a month's first row; `toEnd`: to the grid's very end (End: the oldest photo, not its month's start). */
  const jumpToMonth = (index: number, toEnd = false) => {
    const list = starts();
    const at = Math.max(0, Math.min(list.length - 1, index));
    const to = list[at];
    if (!to) return;
    const top = toEnd ? range() : Math.min(to.top, range());
    setHeld({ index: at, top });
    props.scrollTo(top);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const list = starts();
    const at = current();
    const month = list[at]?.month ?? 0;
    // A year older: the first month at least twelve older than this one (else the oldest); newer likewise.
    const yearOn = (dir: 1 | -1) => {
      for (let i = at + dir; i >= 0 && i < list.length; i += dir) {
        if (dir * (month - (list[i] as { month: number }).month) >= 12) return i;
      }
      return dir > 0 ? list.length - 1 : 0;
    };
    const to: Record<string, () => number> = {
      ArrowDown: () => at + 1, ArrowRight: () => at + 1, ArrowUp: () => at - 1, ArrowLeft: () => at - 1,
      PageDown: () => yearOn(1), PageUp: () => yearOn(-1), Home: () => 0, End: () => list.length - 1,
    };
    const move = to[e.key];
    if (!move) return;
    e.preventDefault();
    e.stopPropagation();
    jumpToMonth(move(), e.key === 'End');
  };

  return (
    // Its place beside the grid is kept when there is nothing to scrub, so the grid's width (and
    // with it its height, and whether there is anything to scrub) never depends on it.
    <Show when={range() > 0 && starts().length > 0} fallback={<div class="scrubber" aria-hidden="true" />}>
      <div
        class="scrubber"
        ref={track}
        role="slider"
        tabIndex={0}
        aria-label="Timeline"
        aria-orientation="vertical"
        aria-valuemin={0}
        aria-valuemax={starts().length - 1}
        aria-valuenow={current()}
        aria-valuetext={currentMonth() === undefined ? undefined : monthLabel(currentMonth() as number)}
        data-dragging={dragging() ? 'true' : undefined}
        onKeyDown={onKeyDown}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.preventDefault();
          track.setPointerCapture(e.pointerId);
          track.focus({ preventScroll: true });
          setDragging(true);
          setPointer(yOf(e));
          scrollToY(yOf(e));
        }}
        onPointerMove={(e) => {
          setPointer(yOf(e));
          if (dragging()) scrollToY(yOf(e));
        }}
        onPointerUp={() => setDragging(false)}
        onPointerCancel={() => setDragging(false)}
        onPointerLeave={() => dragging() || setPointer(undefined)}
        onLostPointerCapture={() => {
          setDragging(false);
          setPointer(undefined);
        }}
      >
        <For each={marks().months}>{(m) => <span class="scrubber-tick" aria-hidden="true" style={{ top: `${m.at * 100}%` }} />}</For>
        <For each={marks().years}>
          {(y) => (
            <span class="scrubber-year" aria-hidden="true" style={{ top: `min(${y.at * 100}%, calc(100% - 1rem))` }}>
              {Math.floor(y.month / 12)}
            </span>
          )}
        </For>
        <span class="scrubber-thumb" aria-hidden="true" style={{ top: `${(range() ? Math.min(1, props.viewport.top / range()) : 0) * 100}%` }} />
        <Show when={pointer() !== undefined && atPointer() !== undefined}>
          <span class="scrubber-label" aria-hidden="true" style={{ top: `${(pointer() as number) * 100}%` }}>
            {monthLabel(atPointer() as number)}
          </span>
        </Show>
      </div>
    </Show>
  );
}
