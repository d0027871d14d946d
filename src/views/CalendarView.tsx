import { For, Show } from 'solid-js';
import { catalog } from '../catalog/db';
import { calendarYears, monthCovers } from '../catalog/calendar-repo';
import { getThumbs } from '../catalog/photo-repo';
import { createLiveFrom } from '../app/live';
import { showPrivate } from '../app/show-private';
import { createBlobUrls } from '../app/blob-urls';
import { monthLabel, photosText } from '../app/format';
import { monthParam } from './timeline-jump';


/** Years, then months, each with its count and its newest photo as cover; a month opens the timeline there. */
export function CalendarView() {
  const db = catalog();
  // Private photos count only when "Show private photos" is on (catalog/visibility.ts).
  const years = createLiveFrom(showPrivate, (all) => calendarYears(db, all), [], 500);
  const covers = createLiveFrom(
    () => [years(), showPrivate()] as const,
    ([list, all]) => monthCovers(db, list.flatMap((y) => y.months.map((m) => m.month)), all),
    new Map(),
    500,
  );
  const urls = createBlobUrls(() => getThumbs(db, [...covers().values()].map((key) => key[1])));
  const cover = (month: number) => {
    const key = covers().get(month);
    return key ? urls().get(key[1]) : undefined;
  };
  // A year button brings its months into view and moves focus there, so Tab goes on to its first month.
  const goToYear = (year: number) => {
    const heading = document.getElementById(`y${year}`);
    heading?.scrollIntoView();
    heading?.focus({ preventScroll: true });
  };
  return (
    <main class="calendar-view">
      <h2>Calendar</h2>
      <Show when={years().length > 0} fallback={<p class="empty">No photos yet: the calendar fills as photos are indexed.</p>}>
        <nav class="calendar-years" aria-label="Years">
          <For each={years()}>
            {(y) => <button type="button" onClick={() => goToYear(y.year)}>{y.year}</button>}
          </For>
        </nav>
        <For each={years()}>
          {(y) => (
            <section aria-labelledby={`y${y.year}`}>
              <h3 id={`y${y.year}`} tabIndex={-1}>{y.year} <span class="label-count">{photosText(y.count)}</span></h3>
              <ul class="label-list">
                <For each={y.months}>
                  {(m) => (
                    <li>
                      <a href={`#/?at=${monthParam(m.month)}`} aria-label={`${monthLabel(m.month)}, ${photosText(m.count)}`}>
                        <Show when={cover(m.month)} fallback={<span class="cover" />}>
                          {(src) => <img class="cover" src={src()} alt="" />}
                        </Show>
                        <span class="label-name">{monthLabel(m.month)}</span>
                        <span class="label-count">{photosText(m.count)}</span>
                      </a>
                    </li>
                  )}
                </For>
              </ul>
            </section>
          )}
        </For>
      </Show>
    </main>
  );
}
