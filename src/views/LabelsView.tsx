import { For, Show, createSignal, type JSX } from 'solid-js';
import { createAlbum } from '../catalog/album-manage';
import { describeError } from '../catalog/errors';
import { catalog } from '../catalog/db';
import { labelCounts } from '../catalog/label-repo';
import { listAlbums } from '../catalog/album-repo';
import { getThumbs } from '../catalog/photo-repo';
import { createLiveFrom } from '../app/live';
import { showPrivate } from '../app/show-private';
import { createBlobUrls } from '../app/blob-urls';
import { searchLink } from '../search/parse';

/** Your albums, then every category and label, each with how many photos it has and one of them as its cover. */
export function LabelsView() {
  const db = catalog();
  // Private photos count and show only when "Show private photos" is on (catalog/visibility.ts).
  const counts = createLiveFrom(showPrivate, (all) => labelCounts(db, all), [], 500);
  const albums = createLiveFrom(showPrivate, (all) => listAlbums(db, all), [], 500);
  const covers = createBlobUrls(() => getThumbs(db, [...new Set([...albums(), ...counts()].map((c) => c.cover))]));
  const [error, setError] = createSignal<string>();
  // The list is read inside: a section is made once, so a live update does not make its form anew
  // (that emptied a new album's name while it was being typed).
  const section = (title: string, list: () => { name: string; count: number; cover: string }[], query: (name: string) => string, head?: JSX.Element) => (
    <section aria-label={title}>
      <h2>{title}</h2>
      {head}
      <ul class="label-list">
        <For each={list()}>
          {(c) => (
            <li>
              <a href={searchLink(query(c.name))}>
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
      {section('Albums', albums, (name) => `album:"${name}"`, (
        <form
          class="new-album"
          onSubmit={(e) => {
            e.preventDefault();
            const input = e.currentTarget.elements.namedItem('album') as HTMLInputElement;
            setError(undefined);
            // An album exists from now on, empty until photos are put in it.
            createAlbum(db, input.value).then(() => (input.value = ''), (err: unknown) => setError(describeError(err)));
          }}
        >
          <input name="album" aria-label="New album" placeholder="A new album" />
          <button type="submit">Create album</button>
          <Show when={error()}>{(m) => <span class="error" role="alert">{m()}</span>}</Show>
        </form>
      ))}
      <Show when={counts().length > 0} fallback={<p class="empty">No labels yet: they appear as photos are indexed.</p>}>
        {section('Categories', () => counts().filter((c) => c.kind === 'category'), (name) => name)}
        {section('Labels', () => counts().filter((c) => c.kind === 'label'), (name) => name)}
      </Show>
    </main>
  );
}
