import { For, Show } from 'solid-js';
import { catalog } from '../catalog/db';
import { labelCounts } from '../catalog/label-repo';
import { getThumbs } from '../catalog/photo-repo';
import { createLive } from '../app/live';
import { createBlobUrls } from '../app/blob-urls';

/** Every label and category, with how many photos show it and one of them as its cover. */
export function LabelsView() {
  const db = catalog();
  const counts = createLive(() => labelCounts(db), [], 500);
  const covers = createBlobUrls(() => getThumbs(db, [...new Set(counts().map((c) => c.cover))]));
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
