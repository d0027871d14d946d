import { For, Show, createMemo, createResource, createSignal, onCleanup } from 'solid-js';
import type { PhotoRow } from '../catalog/types';
import type { TimelineKey } from '../catalog/timeline-repo';
import { searchLink } from '../search/parse';

/** A photo like another, as the viewer lists it (most alike first). */
export interface LikePhoto {
  photo: PhotoRow;
  thumb?: Blob;
}

export interface SimilarData {
  /** The photos the timeline shows that look most like this one, best first (search/similar.ts); none when it has no vector yet. */
  similar(id: string): Promise<LikePhoto[]>;
  /** Analyse the photos indexed before vectors were made, from their tiles (indexer/older-vectors.ts); resolves with how many got one. */
  embedOlder(onProgress: (done: number, total: number) => void): Promise<number>;
}

/** "More like this": on request, the photos most like the one shown, best first; each opens in the viewer. */
export function MoreLikeThis(props: { photo: PhotoRow; data: SimilarData; onOpen: (key: TimelineKey) => void }) {
  const [open, setOpen] = createSignal(false);
  const [found, { refetch }] = createResource(() => (open() ? props.photo.id : undefined), (id) => props.data.similar(id));
  const [older, setOlder] = createSignal<{ done: number; total: number }>();
  const [olderError, setOlderError] = createSignal<string>();
  const analyseOlder = async () => {
    setOlderError(undefined);
    setOlder({ done: 0, total: 0 });
    try {
      await props.data.embedOlder((done, total) => setOlder({ done, total }));
      await refetch();
    } catch (e) {
      setOlderError((e as Error).message);
    } finally {
      setOlder(undefined);
    }
  };
  // Object URLs for the tiles shown, revoked when others replace them or the viewer closes.
  const urls = createMemo(() => {
    const made = new Map(((found.error ? undefined : found()) ?? []).flatMap((f) => (f.thumb ? [[f.photo.id, URL.createObjectURL(f.thumb)] as const] : [])));
    onCleanup(() => made.forEach((u) => URL.revokeObjectURL(u)));
    return made;
  });
  return (
    <div class="more-like">
      <button type="button" aria-expanded={open()} onClick={() => setOpen(!open())}>More like this</button>
      <Show when={open()}>
        <section aria-label="More like this">
          <Show when={!found.error} fallback={
            <div class="caption">
              <p class="error" role="alert">Photos could not be compared: {(found.error as Error | undefined)?.message ?? String(found.error)}</p>
              <button type="button" onClick={() => void refetch()}>Try again</button>
            </div>
          }>
            <Show when={!found.loading} fallback={<p class="caption">Looking…</p>}>
              <Show
                when={found()?.length}
                fallback={
                  <div class="caption">
                    <p>Nothing to compare yet: photos are compared once they are analysed while indexing. Photos indexed before Shoebox compared them can be analysed now, from their thumbnails.</p>
                    <Show
                      when={older()}
                      fallback={<button type="button" onClick={() => void analyseOlder()}>Analyse older photos</button>}
                    >
                      {(p) => <progress aria-label="Analysing older photos" max={p().total || 1} value={p().done} />}
                    </Show>
                    <Show when={olderError()}>{(m) => <p class="error" role="alert">{m()}</p>}</Show>
                  </div>
                }
              >
                <ol class="more-like-list">
                  <For each={found()}>
                    {(f) => (
                      <li>
                        <button type="button" aria-label={f.photo.name} title={f.photo.name} onClick={() => props.onOpen([f.photo.takenAt, f.photo.id])}>
                          <img src={urls().get(f.photo.id)} alt="" />
                        </button>
                      </li>
                    )}
                  </For>
                </ol>
                <a href={searchLink(`similar:${props.photo.id.slice(0, 12)}`)}>All like it in search</a>
              </Show>
            </Show>
          </Show>
        </section>
      </Show>
    </div>
  );
}
