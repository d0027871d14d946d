import { Show } from 'solid-js';
import type { PhotoRow } from '../catalog/types';

/** A tile's stack and Live badges: seen at a glance, and part of the tile's accessible name. */
export function TileBadges(props: { photo: PhotoRow | undefined }) {
  return (
    <>
      <Show when={props.photo?.stackSize}>
        {(size) => (
          <span class="tile-badge tile-stack" title={`A stack of ${size()} files of one shot`}>
            <span aria-hidden="true">❐ {size()}</span>
            <span class="visually-hidden">stack of {size()}</span>
          </span>
        )}
      </Show>
      <Show when={props.photo?.live}>
        <span class="tile-badge tile-live" title="Live Photo: plays in the viewer">
          <span aria-hidden="true">◉ LIVE</span>
          <span class="visually-hidden">Live Photo</span>
        </span>
      </Show>
    </>
  );
}
