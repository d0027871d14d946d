import { For, Show, createEffect, createSignal } from 'solid-js';
import type { ShoeboxDb } from '../catalog/db';
import { onThisDay, type Memory } from '../catalog/calendar-repo';
import { getPhotos, getThumbs } from '../catalog/photo-repo';
import type { TimelineKey } from '../catalog/timeline-repo';
import { createBlobUrls } from '../app/blob-urls';
import { createLiveFrom } from '../app/live';
import { photosText } from '../app/format';
import { searchLink } from '../search/parse';

/** How many photos of each year the strip shows; the rest are one search away. */
const PER_YEAR = 12;
/**
 * How many years the strip shows at first, and how many more each "more years" press adds: a
 * library of a century (a million photos, one an hour) had a memory in every year, and the strip
 * made 1,368 tiles and read their thumbnails as the library opened (50 ms of script, then 75 ms
 * of layout, in the page's longest tasks).
 */
const YEARS_AT_ONCE = 10;

/** The button after the last year shown: the next ten, or all that are left. */
const moreYears = (left: number) => (left > YEARS_AT_ONCE ? `${YEARS_AT_ONCE} more years (${left} left)` : left === 1 ? '1 more year' : `${left} more years`);

const ago = (years: number) => (years === 1 ? 'A year ago' : `${years} years ago`);

/** The search that shows a memory's days whole: after the day before, before the day after. */
function searchOf(m: Memory): string {
  const shift = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
  return searchLink(`after:${shift(m.from, -1)} before:${shift(m.to, 1)}`);
}

/** Whether the strip had memories when it was last shown on this device (see `Memories`). */
const SHOWN_KEY = 'shoebox.memories-shown';

export function memoriesWereShown(): boolean {
  try {
    return localStorage.getItem(SHOWN_KEY) === '1';
  } catch {
    return false; // storage turned off: the strip appears when its photos are read, as before
  }
}

export function rememberMemoriesShown(shown: boolean): void {
  try {
    if (shown) localStorage.setItem(SHOWN_KEY, '1');
    else localStorage.removeItem(SHOWN_KEY);
  } catch {
    // storage turned off or full: only the band's place is not kept for the next visit
  }
}

/**
 * "On this day": photos from the same days in earlier years, grouped by year, shown as the
 * library opens. Today is read once, when the strip mounts; the photos are a live query (a few
 * indexed ranges), so photos added since the last visit, or while an import runs, count, and a
 * photo made private or archived leaves at once. Hidden when there are none.
 *
 * The photos are read once `ready` (the grid's first screenful is in place: their reads went
 * beside the grid's). If the strip had memories the last time it was shown, its band (a fixed
 * height, laid out on its own) is in place from the start and fills in when they are read:
 * arriving later, it moved the grid down under the person's eyes and laid out the whole page
 * again (a 61–65 ms frame at a million photos, README).
 */
export function Memories(props: { db: ShoeboxDb; includePrivate: boolean; ready: boolean; onOpen: (key: TimelineKey) => void }) {
  const today = new Date();
  const reserved = memoriesWereShown();
  const [years, setYears] = createSignal(YEARS_AT_ONCE);
  // (Not createResource: it never fetches while its source is `false`, i.e. private photos hidden.)
  const found = createLiveFrom(
    () => props.ready && { all: props.includePrivate, years: years() },
    async (input) => {
      if (!input) return undefined;
      const memories = await onThisDay(props.db, today, input.all, { newest: PER_YEAR, years: input.years });
      // Keys, names and thumbnails only for the years shown.
      const ids = memories.slice(0, input.years).flatMap((m) => m.keys.map((k) => k[1]));
      return { memories, names: new Map((await getPhotos(props.db, ids)).map((p) => [p.id, p.name])) };
    },
    undefined as { memories: Memory[]; names: Map<string, string> } | undefined,
    1000,
  );
  let kept = reserved;
  createEffect(() => {
    const f = found();
    if (f && kept !== f.memories.length > 0) rememberMemoriesShown((kept = f.memories.length > 0));
  });
  const memories = () => found()?.memories ?? [];
  const urls = createBlobUrls(() => getThumbs(props.db, [...(found()?.names.keys() ?? [])]));
  const name = (id: string) => found()?.names.get(id) ?? 'Photo';
  return (
    <Show when={found() ? memories().length > 0 : reserved}>
      <section class="memories" aria-labelledby="memories-h" aria-busy={!found()}>
        <h2 id="memories-h">On this day</h2>
        <div class="memory-years">
          <For each={memories().slice(0, years())}>
            {(m) => (
              <section class="memory" aria-label={`${m.year}, ${photosText(m.count)}`}>
                <h3>
                  {ago(today.getFullYear() - m.year)} · {m.year}
                  <a href={searchOf(m)}>{m.count > PER_YEAR ? `All ${m.count}` : 'Show in search'}</a>
                </h3>
                <ul>
                  <For each={m.keys}>
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
          <Show when={memories().length > years()}>
            <button type="button" class="memory-more" onClick={() => setYears((n) => n + YEARS_AT_ONCE)}>
              {moreYears(memories().length - years())}
            </button>
          </Show>
        </div>
      </section>
    </Show>
  );
}
