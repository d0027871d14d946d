import { For, Show, createEffect, createSignal, onCleanup } from 'solid-js';
import type { PhotoRow } from '../catalog/types';

/** A plain grid of tiles for a result set (search results); the timeline uses PhotoGrid. */
export function TileList(props: { photos: PhotoRow[]; thumbs: (ids: string[]) => Promise<Map<string, Blob>>; onOpen: (photo: PhotoRow) => void; label: string }) {
  const [urls, setUrls] = createSignal(new Map<string, string>());
  createEffect(() => {
    const ids = props.photos.map((p) => p.id);
    let cancelled = false;
    void props.thumbs(ids).then((blobs) => {
      if (cancelled) return;
      const next = new Map([...blobs].map(([id, blob]) => [id, URL.createObjectURL(blob)]));
      urls().forEach((u) => URL.revokeObjectURL(u));
      setUrls(next);
    });
    onCleanup(() => (cancelled = true));
  });
  onCleanup(() => urls().forEach((u) => URL.revokeObjectURL(u)));
  return (
    <ul class="tile-list" aria-label={props.label}>
      <For each={props.photos}>
        {(photo) => (
          <li class="tile">
            <button type="button" onClick={() => props.onOpen(photo)}>
              <Show when={urls().get(photo.id)} fallback={<span class="tile-placeholder" role="img" aria-label={photo.name} />}>
                {(src) => <img src={src()} alt={photo.name} />}
              </Show>
            </button>
          </li>
        )}
      </For>
    </ul>
  );
}
