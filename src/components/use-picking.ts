import { createSignal, onCleanup, onMount, type Accessor } from 'solid-js';
import { isPlaceholderId } from '../catalog/placeholder-repo';
import type { TimelineKey } from '../catalog/timeline-repo';
import { idsAt, monthCount, positionsInRect, span, wholeMonth } from './grid-picking';
import type { Selection } from './selection';
import type { Layout } from './timeline-layout';

interface GridProps {
  selection?: Selection;
  /**
   * Stand-ins among the counted photos, read when asked: they cannot be picked, so "select all"
   * does not count them (a live count lagged: Ctrl+A right after an import said 15 of 16).
   */
  standIns?: () => Promise<number>;
  data: { keysOfMonth(month: number): Promise<TimelineKey[]> };
}

type Rect = { x0: number; y0: number; x1: number; y1: number };

/** How long a finger rests on a tile to select it (Android's long-press is 400–500 ms). */
const LONG_PRESS_MS = 450;
/** How far the mouse moves before a press becomes a dragged rectangle, in px. */
const DRAG_START = 8;

/** Focus is in a text box or a dialog: the page's own shortcuts leave the key alone. */
export const typing = (el: Element | null) => !!el && (el.matches('input, textarea, select, [contenteditable]') || !!el.closest('[role="dialog"]'));

/**
 * The grid's ways of selecting: check marks, Shift+click ranges, month headers, Space and
 * Shift+arrows, Ctrl/Cmd+A and Escape, long-press on touch, and a dragged rectangle. Everything
 * goes by timeline position and the months' keys (grid-picking.ts); nothing is read from the DOM.
 */
export function usePicking(props: () => GridProps, layout: Accessor<Layout>, keys: Accessor<Map<number, TimelineKey[]>>) {
  const sel = () => props().selection;
  // The grid keeps the keys it read, with holes where it showed no tile: a pick uses them when they
  // hold the positions it needs (`at`; the whole month without), and reads the month otherwise.
  const keysOf = async (month: number, at?: readonly number[]) => {
    const kept = keys().get(month);
    const has = kept && (at ? at.every((k) => kept[k]) : wholeMonth(kept, monthCount(layout(), month)));
    return has ? kept : props().data.keysOfMonth(month);
  };
  const [rect, setRect] = createSignal<Rect>();
  let swallowClick = false;

  const pickRange = async (from: number, to: number) => {
    const s = sel();
    if (!s) return;
    s.set(await idsAt(layout(), span(from, to), keysOf), true);
  };
  /** Shift+click or Shift+arrow: from the anchor (set where the range starts) to `to`. */
  const extend = (from: number, to: number) => {
    const s = sel();
    if (!s) return;
    const anchor = s.anchor() ?? from;
    s.setAnchor(anchor);
    void pickRange(anchor, to);
  };

  onMount(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = sel();
      if (!s || typing(document.activeElement)) return;
      if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        const total = layout().total;
        void (props().standIns?.() ?? Promise.resolve(0)).then((n) => s.selectAll(total - n));
      } else if (e.key === 'Escape' && s.count() > 0) {
        s.clear();
      }
    };
    window.addEventListener('keydown', onKey);
    onCleanup(() => window.removeEventListener('keydown', onKey));
  });

  return {
    rect,
    extend,
    has: (key: TimelineKey | undefined) => !!key && !!sel()?.has(key[1]),
    /** A click on a tile selects instead of opening once something is selected (or with Ctrl/Cmd or Shift). */
    onTileClick(e: MouseEvent, id: string, index: number): boolean {
      const s = sel();
      if (swallowClick) return true;
      if (!s) return false;
      if (e.shiftKey) extend(index, index);
      else if (e.ctrlKey || e.metaKey || s.count() > 0) s.toggle(id, index);
      else return false;
      return true;
    },
    onCheck(e: MouseEvent, id: string, index: number) {
      const s = sel();
      if (!s) return;
      if (e.shiftKey && s.anchor() !== undefined) extend(index, index);
      else s.toggle(id, index);
    },
    /** Space toggles the focused tile; the arrows are the grid's own. */
    onKey(e: KeyboardEvent, focus: number): boolean {
      const s = sel();
      if (!s || e.key !== ' ') return false;
      e.preventDefault();
      void idsAt(layout(), [focus], keysOf).then(([id]) => id && s.toggle(id, focus));
      return true;
    },
    async toggleMonth(month: number) {
      const s = sel();
      if (!s) return;
      // Stand-ins are never picked (selection.ts): whether the month is all picked goes by the rest.
      const ids = (await keysOf(month)).flatMap(([, id]) => (isPlaceholderId(id) ? [] : [id]));
      s.set(ids, !ids.every((id) => s.has(id)));
    },
    longPress(id: () => string | undefined, index: () => number) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const cancel = () => clearTimeout(timer);
      return {
        onPointerDown(e: PointerEvent) {
          if (e.pointerType !== 'touch' || !sel()) return;
          timer = setTimeout(() => {
            const found = id();
            if (!found) return;
            sel()?.toggle(found, index());
            swallowClick = true;
            setTimeout(() => (swallowClick = false), 600);
          }, LONG_PRESS_MS);
        },
        onPointerUp: cancel,
        onPointerCancel: cancel,
        onPointerLeave: cancel,
        onContextMenu: (e: Event) => swallowClick && e.preventDefault(),
      };
    },
    /** A rectangle dragged with the mouse from anywhere in the grid but a button's check mark. */
    dragHandlers() {
      let start: { x: number; y: number } | undefined;
      const at = (e: PointerEvent) => {
        const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
        return { x: e.clientX - box.left, y: e.clientY - box.top };
      };
      return {
        onPointerDown(e: PointerEvent) {
          if (!sel() || e.pointerType !== 'mouse' || e.button !== 0 || (e.target as Element).closest('.tile-check, .month-select')) return;
          start = at(e);
        },
        onPointerMove(e: PointerEvent) {
          if (!start) return;
          const p = at(e);
          if (!rect() && Math.hypot(p.x - start.x, p.y - start.y) < DRAG_START) return;
          if (!rect()) (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
          setRect({ x0: start.x, y0: start.y, x1: p.x, y1: p.y });
        },
        onPointerUp() {
          const r = rect();
          start = undefined;
          setRect(undefined);
          if (!r) return;
          swallowClick = true;
          setTimeout(() => (swallowClick = false));
          void idsAt(layout(), positionsInRect(layout(), r), keysOf).then((ids) => sel()?.set(ids, true));
        },
      };
    },
  };
}
