import { createEffect, createSignal, on, type Accessor } from 'solid-js';

/** Zoom steps, as a multiple of the picture fitted to the viewer. */
const STEPS = [1, 1.5, 2, 3, 4, 6, 8];

/**
 * The viewer's zoom: + and - (buttons or keys), 0 to fit, a double click to toggle 2×. The picture
 * keeps its fitted size times the zoom, so a sharper copy arriving (a HEIC or RAW decoded at full
 * resolution) does not change what is on screen. `beyondPixels` runs whenever the zoomed picture
 * needs more pixels than the one shown has (the page asks for full resolution then).
 */
export function createZoom(options: { photoId: Accessor<string | undefined>; beyondPixels: () => void }) {
  const [scale, setScale] = createSignal(1);
  /** The picture's fitted width in CSS pixels, measured at zoom 1. */
  let fitted = 0;
  let img: HTMLImageElement | undefined;
  createEffect(on(options.photoId, () => setScale(1), { defer: true }));

  const set = (next: number) => {
    if (!img) return;
    if (scale() === 1) fitted = img.getBoundingClientRect().width;
    setScale(next);
  };
  const step = (by: 1 | -1) => {
    const at = STEPS.findIndex((s) => s >= scale());
    set(STEPS[Math.min(STEPS.length - 1, Math.max(0, at + by))] as number);
  };
  // Compare what the zoom shows with the pixels the picture has, now and when a new picture loads.
  const check = () => {
    if (img?.naturalWidth && scale() > 1 && fitted * scale() * devicePixelRatio > img.naturalWidth) options.beyondPixels();
  };
  createEffect(on(scale, check));

  return {
    scale,
    zoomIn: () => step(1),
    zoomOut: () => step(-1),
    /** The viewer's keys: + (or =), - and 0. Returns whether the key was one of them. */
    key(key: string): boolean {
      if (key === '+' || key === '=') step(1);
      else if (key === '-') step(-1);
      else if (key === '0') set(1);
      else return false;
      return true;
    },
    /** Compare again (the picture shown became decodable at full resolution while zoomed). */
    recheck: check,
    /** A double click on the picture: 2×, or back to fit. */
    toggle: () => set(scale() === 1 ? 2 : 1),
    /** The picture's <img> (its ref). */
    bind(el: HTMLImageElement) {
      img = el;
      el.addEventListener('load', check);
    },
    /** The <img>'s size while zoomed. */
    style: () => (scale() === 1 ? {} : { width: `${fitted * scale()}px`, 'max-width': 'none', 'max-height': 'none' }),
  };
}

export type Zoom = ReturnType<typeof createZoom>;

/**
 * Zoom in and out, for the viewer's bar. At either end a button says so with aria-disabled, not
 * `disabled`: a disabled button drops the focus out of the viewer, and its keys (← → Esc) with it.
 */
export function ZoomButtons(props: { zoom: Zoom }) {
  return (
    <>
      <button type="button" aria-label="Zoom out" aria-keyshortcuts="-" aria-disabled={props.zoom.scale() === 1} onClick={() => props.zoom.zoomOut()}>−</button>
      <span class="caption" aria-label="Zoom">{Math.round(props.zoom.scale() * 100)} %</span>
      <button type="button" aria-label="Zoom in" aria-keyshortcuts="+" aria-disabled={props.zoom.scale() === STEPS[STEPS.length - 1]} onClick={() => props.zoom.zoomIn()}>+</button>
    </>
  );
}
