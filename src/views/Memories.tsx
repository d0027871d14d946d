import { For, Show } from 'solid-js';
import type { ShoeboxDb } from '../catalog/db';
import { onThisDay, type Memory } from '../catalog/calendar-repo';
import { getPhotos, getThumbs } from '../catalog/photo-repo';
import type { TimelineKey } from '../catalog/timeline-repo';
import { createBlobUrls } from '../app/blob-urls';
import { createLiveFrom } from '../app/live';
import { photosText } from '../app/format';

/** How many photos of each year the strip shows; the rest are one search away. */
const PER_YEAR = 12;

const ago = (years: number) => (years === 1 ? 'A year ago' : `${years} years ago`);

/** The search that shows a memory's days whole: after the day before, before the day after. */
function searchOf(m: Memory): string {
  const shift = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
  return `#/?q=${encodeURIComponent(`after:${shift(m.from, -1)} before:${shift(m.to, 1)}`)}`;
}

/**
 * "On this day": photos from the same days in earlier years, grouped by year, shown as the
 * library opens. Today is read once, when the strip mounts; the photos are a live query (a few
 * indexed ranges), so photos added since the last visit, or while an import runs, count, and a
 * photo made private or archived leaves at once. Hidden when there are none.
 */
export function Memories(props: { db: ShoeboxDb; includePrivate: boolean; onOpen: (key: TimelineKey) => void }) {
  const today = new Date();
  // (Not createResource: it never fetches while its source is `false`, i.e. private photos hidden.)
  const found = createLiveFrom(
    () => props.includePrivate,
    async (all) => {
      const memories = await onThisDay(props.db, today, all);
      const ids = memories.flatMap((m) => m.keys.slice(0, PER_YEAR).map((k) => k[1]));
      return { memories, names: new Map((await getPhotos(props.db, ids)).map((p) => [p.id, p.name])) };
    },
    { memories: [] as Memory[], names: new Map<string, string>() },
    1000,
  );
  const urls = createBlobUrls(() => getThumbs(props.db, [...found().names.keys()]));
  const name = (id: string) => found().names.get(id) ?? 'Photo';
  return (
    <Show when={found().memories.length > 0}>
      <section class="memories" aria-labelledby="memories-h">
        <h2 id="memories-h">On this day</h2>
        <div class="memory-years">
          <For each={found().memories}>
            {(m) => (
              <section class="memory" aria-label={`${m.year}, ${photosText(m.keys.length)}`}>
                <h3>
                  {ago(today.getFullYear() - m.year)} · {m.year}
                  <a href={searchOf(m)}>{m.keys.length > PER_YEAR ? `All ${m.keys.length}` : 'Show in search'}</a>
                </h3>
                <ul>
                  <For each={m.keys.slice(0, PER_YEAR)}>
                    {(key) => (
                      <li>
                        <button type="button" aria-label={name(key[1])} onClick={() => props.onOpen(key)}>
                          <Show when={urls().get(key[1])} fallback={<span class="tile-placeholder" />}>
                            {(src) => <img src={src()} alt="" />}
                          </Show>
                        </button>
                      </li>
                    )}
                  </For>
                </ul>
              </section>
            )}
          </For>
        </div>
      </section>
    </Show>
  );
}
