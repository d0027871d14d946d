import { Show, createMemo, onCleanup } from 'solid-js';
import type { PhotoRow } from '../catalog/types';
import { AVI_MIME } from '../imaging/media-type';

/** An object URL for a Blob, revoked when the Blob changes or its owner goes. */
function objectUrl(blob: () => Blob) {
  return createMemo(() => {
    const url = URL.createObjectURL(blob());
    onCleanup(() => URL.revokeObjectURL(url));
    return url;
  });
}

/**
 * Plays a video Blob: a File from the folder (disk-backed, so the browser streams and seeks it and
 * nothing is copied into IndexedDB), or any other Blob (a Motion Photo's embedded clip). The object
 * URL lives as long as the player. Exported for anything that plays motion.
 */
export function VideoPlayer(props: { blob: Blob; poster?: string; label: string; muted?: boolean; loop?: boolean; autoplay?: boolean; onEnded?: () => void }) {
  const src = objectUrl(() => props.blob);
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

/** The original file as a download (read from the folder as it is saved, never copied first). */
function DownloadOriginal(props: { blob: Blob; name: string }) {
  const href = objectUrl(() => props.blob);
  return <a class="viewer-download" href={href()} download={props.name}>Download original</a>;
}

/** Why this browser cannot play a video it lists, or undefined when it can. */
function cannotPlay(photo: PhotoRow): string | undefined {
  const video = photo.video;
  if (!video || video.decodable) return undefined;
  return photo.mediaType === AVI_MIME ? `AVI video (${video.codec}): browsers cannot play AVI files.` : `${video.codec} video: this browser cannot play it.`;
}

/**
 * A video in the viewer: the original playing, with its poster while it loads; the poster and why
 * when it cannot play here (its folder is not connected, the file is gone, or the codec or the
 * container is one this browser cannot play), with the original to download when it cannot play.
 */
export function VideoView(props: { photo: PhotoRow; poster?: string; original?: Blob; checked: boolean }) {
  const why = () => {
    const cannot = cannotPlay(props.photo);
    if (cannot) return `${cannot} ${props.original ? 'Download the original to play it in another player.' : 'Open the file in another player.'}`;
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
      <Show when={cannotPlay(props.photo) ? props.original : undefined}>{(blob) => <DownloadOriginal blob={blob()} name={props.photo.name} />}</Show>
    </div>
  );
}
