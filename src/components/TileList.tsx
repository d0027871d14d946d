import { For, Show } from 'solid-js';
import type { PhotoRow } from '../catalog/types';
import { createBlobUrls } from '../app/blob-urls';

/** A plain grid of tiles for a result set (search results); the timeline uses PhotoGrid. */
export function TileList(props: { photos: PhotoRow[]; thumbs: (ids: string[]) => Promise<Map<string, Blob>>; onOpen: (photo: PhotoRow) => void; label: string }) {
  const urls = createBlobUrls(() => props.thumbs(props.photos.map((p) => p.id)));
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
