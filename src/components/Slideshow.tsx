import { Show, createEffect, createResource, createSignal, onCleanup, onMount } from 'solid-js';
import type { PhotoRow } from '../catalog/types';
import { quarterTurnStyles, turnStyle } from './rotation';

/** Seconds each photo stays on screen while the slideshow plays. */
const SECONDS = 4;

interface Props {
  /** The view's photos, in its order. */
  ids: readonly string[];
  /** A photo and its best stored picture (the preview, else the tile). */
  load: (id: string) => Promise<{ photo: PhotoRow; picture?: Blob } | undefined>;
  onClose: () => void;
}

/**
 * Any view's photos one at a time, full screen: ← → step, Space pauses and plays, Escape leaves
 * (also when the browser leaves full screen on Escape itself). Stored previews only, so it plays
 * with the folders disconnected; the person's rotation is applied as in the viewer.
 */
export function Slideshow(props: Props) {
  let el!: HTMLDivElement;
  const [at, setAt] = createSignal(0);
  const [paused, setPaused] = createSignal(false);
  const [shown] = createResource(() => props.ids[at()], async (id) => {
    const found = await props.load(id);
    return found && { photo: found.photo, url: found.picture && URL.createObjectURL(found.picture) };
  });
  createEffect(() => {
    const url = shown()?.url;
    if (url) onCleanup(() => URL.revokeObjectURL(url));
  });
  const step = (by: 1 | -1) => setAt((i) => (i + by + props.ids.length) % props.ids.length);
  // Playing: the next photo after SECONDS; a step by hand starts the wait again.
  createEffect(() => {
    at();
    if (paused()) return;
    const timer = setTimeout(() => step(1), SECONDS * 1000);
    onCleanup(() => clearTimeout(timer));
  });
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') props.onClose();
    else if (e.key === 'ArrowRight') step(1);
    else if (e.key === 'ArrowLeft') step(-1);
    else if (e.key === ' ') setPaused((p) => !p);
    else return;
    e.preventDefault();
  };
  onMount(() => {
    el.focus();
    let full = false;
    const onFull = () => {
      if (document.fullscreenElement === el) full = true;
      else if (full) props.onClose();
    };
    document.addEventListener('fullscreenchange', onFull);
    // Full screen where the browser allows it; a window-filling overlay where it does not.
    void el.requestFullscreen?.().catch(() => undefined);
    onCleanup(() => {
      document.removeEventListener('fullscreenchange', onFull);
      if (document.fullscreenElement === el) void document.exitFullscreen().catch(() => undefined);
    });
  });
  const styles = () => {
    const photo = shown()?.photo;
    const turn = photo?.rotation ?? 0;
    if (!photo || turn % 180 !== 90) return { frame: undefined, img: turnStyle(turn) };
    return quarterTurnStyles(photo.width / photo.height, turn, 1);
  };
  return (
    <div class="slideshow" role="dialog" aria-modal="true" aria-label="Slideshow" tabIndex={-1} ref={el} onKeyDown={onKey}>
      <div class="slideshow-stage" data-turned={styles().frame ? 'quarter' : undefined}>
        <Show when={shown()?.url}>
          {(url) => (
            <div class="slideshow-frame" style={styles().frame}>
              <img src={url()} alt={shown()?.photo.name ?? ''} style={styles().img} />
            </div>
          )}
        </Show>
      </div>
      <div class="slideshow-bar">
        <button type="button" aria-label="Previous photo" onClick={() => step(-1)}>←</button>
        <button type="button" aria-keyshortcuts="Space" onClick={() => setPaused((p) => !p)}>{paused() ? 'Play' : 'Pause'}</button>
        <button type="button" aria-label="Next photo" onClick={() => step(1)}>→</button>
        <span role="status" aria-label="Slide">{at() + 1} of {props.ids.length}{paused() ? ' · Paused' : ''}</span>
        <button type="button" aria-label="Leave the slideshow" onClick={() => props.onClose()}>✕</button>
      </div>
    </div>
  );
}
