import { For, Show, createEffect, createSignal, onCleanup } from 'solid-js';
import { catalog } from '../catalog/db';
import { labelCounts } from '../catalog/label-repo';
import { getThumbs } from '../catalog/photo-repo';
import { createLive } from '../app/live';

/** Every label and category, with how many photos show it and one of them as its cover. */
export function LabelsView() {
  const db = catalog();
  const counts = createLive(() => labelCounts(db), [], 500);
  const [covers, setCovers] = createSignal(new Map<string, string>());
  createEffect(() => {
    const ids = [...new Set(counts().map((c) => c.cover))];
    let cancelled = false;
    void getThumbs(db, ids).then((blobs) => {
      if (cancelled) return;
      covers().forEach((u) => URL.revokeObjectURL(u));
      setCovers(new Map([...blobs].map(([id, blob]) => [id, URL.createObjectURL(blob)])));
    });
    onCleanup(() => (cancelled = true));
  });
  onCleanup(() => covers().forEach((u) => URL.revokeObjectURL(u)));
  const section = (kind: 'category' | 'label', title: string) => (
    <section aria-label={title}>
      <h2>{title}</h2>
      <ul class="label-list">
        <For each={counts().filter((c) => c.kind === kind)}>
          {(c) => (
            <li>
              <a href={`#/?q=${encodeURIComponent(c.name)}`}>
                <Show when={covers().get(c.cover)} fallback={<span class="cover" />}>
                  {(src) => <img class="cover" src={src()} alt="" />}
                </Show>
                <span class="label-name">{c.name}</span>
                <span class="label-count">{c.count} {c.count === 1 ? 'photo' : 'photos'}</span>
              </a>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
  return (
    <main class="labels-view">
      <Show when={counts().length > 0} fallback={<p class="empty">No labels yet: they appear as photos are indexed.</p>}>
        {section('category', 'Categories')}
        {section('label', 'Labels')}
      </Show>
    </main>
  );
}
