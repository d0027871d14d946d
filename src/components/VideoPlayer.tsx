import { Show, createMemo, onCleanup } from 'solid-js';
import type { PhotoRow } from '../catalog/types';

/**
 * Plays a video Blob: a File from the folder (disk-backed, so the browser streams and seeks it and
 * nothing is copied into IndexedDB), or any other Blob (a Motion Photo's embedded clip). The object
 * URL lives as long as the player. Exported for anything that plays motion.
 */
export function VideoPlayer(props: { blob: Blob; poster?: string; label: string; muted?: boolean; loop?: boolean; autoplay?: boolean; onEnded?: () => void }) {
  const src = createMemo(() => {
    const url = URL.createObjectURL(props.blob);
    onCleanup(() => URL.revokeObjectURL(url));
    return url;
  });
  return (
    <video
      class="video-player"
      src={src()}
      poster={props.poster}
      aria-label={props.label}
      controls
      playsinline
      preload="metadata"
      muted={props.muted ?? false}
      loop={props.loop ?? false}
      autoplay={props.autoplay ?? false}
      onEnded={() => props.onEnded?.()}
    />
  );
}

/**
 * A video in the viewer: the original playing, with its poster while it loads; the poster and why
 * when it cannot play here (its folder is not connected, the file is gone, or the codec is one
 * this browser cannot decode).
 */
export function VideoView(props: { photo: PhotoRow; poster?: string; original?: Blob; checked: boolean }) {
  const why = () => {
    const video = props.photo.video;
    if (video && !video.decodable) return `${video.codec} video: this browser cannot play it. Open the file in another player.`;
    if (props.original || !props.checked) return undefined;
    return props.photo.missing
      ? 'The video is missing from your folders: only its poster is kept.'
      : "The original video cannot be opened: its folder is not connected (reconnect it), or the file was moved. Its poster is shown.";
  };
  return (
    <div class="viewer-frame">
      <Show
        when={!why() && props.original}
        fallback={<Show when={props.poster}>{(poster) => <img src={poster()} alt={props.photo.name} />}</Show>}
      >
        {(blob) => <VideoPlayer blob={blob()} poster={props.poster} label={`Video: ${props.photo.name}`} />}
      </Show>
      <Show when={why()}>{(message) => <p class="viewer-note" role="note">{message()}</p>}</Show>
    </div>
  );
}
