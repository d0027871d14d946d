import { For, Show, createEffect, createMemo, createSignal, on, onCleanup, onMount } from 'solid-js';
import { catalog } from '../catalog/db';
import { filesOfPhoto, problemFiles } from '../catalog/file-repo';
import { editPhoto, getPhotos, getPreview, getPhoto, getThumbs, readProgress } from '../catalog/photo-repo';
import { photoOrSuccessor, standInCount } from '../catalog/placeholder-repo';
import { keysInMonth, keysOfMonth, monthBuckets, neighbour, photosBetween, shownKeys, type TimelineKey } from '../catalog/timeline-repo';
import { editLabels } from '../catalog/label-repo';
import { albumNames, editAlbums } from '../catalog/album-repo';
import { facesOfPhoto } from '../catalog/face-repo';
import { pickTop, setUnstacked, stackFiles } from '../catalog/stack-repo';
import { shownCount } from '../catalog/visibility';
import { describeError } from '../catalog/errors';
import { missingPhotoCount, removeMissingPhoto } from '../catalog/identity';
import { NO_IDS, type PageAnswer } from '../search/packed';
import { searchPhotos, searchWorker, type PageSearch } from '../search/client';
import { parseQuery, queryText, termText } from '../search/parse';
import { SearchBox } from '../components/SearchBox';
import { createChangeCounter } from '../app/changes';
import { createNewestAnswer } from '../app/newest-answer';
import { listSources } from '../catalog/source-repo';
import { createLive } from '../app/live';
import { createGuard } from '../app/guard';
import { useLibrary } from '../app/library-context';
import { setShowPrivate, showPrivate } from '../app/show-private';
import { ImportProgress } from '../components/ImportProgress';
import { PhotoGrid, type GridData } from '../components/PhotoGrid';
import { createSelection } from '../components/selection';
import { SelectionBar } from '../components/SelectionBar';
import { BatchActions } from '../components/BatchActions';
import type { TeachData } from '../components/TeachDialog';
import { createOrganiser } from './organise';
import { embedOlderPhotos } from '../indexer/older-vectors';
import { AlbumPanel, albumLink } from './AlbumPanel';
import { albumPhotosInOrder } from '../catalog/album-manage';
import { Slideshow } from '../components/Slideshow';
import { applyBatch } from '../catalog/batch-repo';
import { ProblemsList } from '../components/ProblemsList';
import { Viewer, type ViewerData } from '../components/Viewer';
import { droppedFolder } from '../library/pick';
import { AddFolder } from './AddFolder';
import { SourcesBar } from './SourcesBar';
import { Memories, memoriesWereShown, rememberMemoriesShown } from './Memories';
import { parseMonthParam } from './timeline-jump';
import { createQueryHistory } from './query-history';
import { photosText } from '../app/format';
import { resultIndex } from './result-index';
import { gridLayout, setGridLayout, showMemories, type GridLayout } from '../catalog/settings-repo';
import { shownAspect } from '../components/rotation';

/** How many photos "More like this" shows in the viewer. */
const SIMILAR_SHOWN = 12;
/** Photos a taught label proposes at a time (asked again after each answer). */
const TEACH_QUEUE = 20;
/** How long "On this day" waits for the timeline's first screenful at most, ms. */
const MEMORIES_LATEST_MS = 1500;

/** No search answered yet. */
const NOTHING: PageAnswer = { ids: NO_IDS, buckets: [], errors: [] };

export function LibraryView() {
  const library = useLibrary();
  const db = catalog();
  const [error, setError] = createSignal<string>();
  const [viewing, setViewing] = createSignal<TimelineKey>();
  const guarded = createGuard(setError);
  const params = () => new URLSearchParams(location.hash.split('?')[1] ?? '');
  const queryOf = () => params().get('q') ?? '';
  const [query, setQuery] = createSignal(queryOf());
  // `#/?at=2019-06`: the timeline opens at that month (the calendar's links).
  const [jumpTo, setJumpTo] = createSignal(parseMonthParam(params().get('at')));
  // Assumed on at first if the strip was shown last time, so that its band is in place from the
  // first layout (see `Memories`); turned off, the band is not kept for the next visit.
  const memoriesOn = createLive(() => showMemories(db), memoriesWereShown());
  createEffect(on(memoriesOn, (shown) => shown || rememberMemoriesShown(false), { defer: true }));
  // "On this day" reads once the timeline's first screenful is in place (or after a second and a
  // half all the same): its reads, a century's at a million photos, went beside the grid's and
  // held the first tiles back (README, session 42).
  const [gridShown, setGridShown] = createSignal(false);
  const gridLate = setTimeout(() => setGridShown(true), MEMORIES_LATEST_MS);
  onCleanup(() => clearTimeout(gridLate));
  // Square tiles or justified rows: the person's choice, kept in the catalogue's settings.
  const layoutChoice = createLive(() => gridLayout(db), 'squares');
  const justified = () => layoutChoice() === 'justified';
  const searching = () => query().trim() !== '';
  // Private photos (the person's choice or the NSFW model's) stay out of sight unless shown.
  // Queries run in the search worker; the answer is asked again when the catalogue changes.
  // Results carry the query they answer: until the new one is answered, nothing stale is shown.
  const changes = createChangeCounter(500);
  /**
   * A search asked for at the keystroke (onSearch), before the page takes the timeline down and
   * lays out the results view (10–30 ms, traced): the worker plans it meanwhile. The answer below
   * takes it, or lets it go.
   */
  let early: { q: string; all: boolean; answer: Promise<PageSearch> } | undefined;
  const ask = (q: string, all: boolean) => {
    const kept = early;
    early = undefined;
    if (kept?.q === q && kept.all === all) return kept.answer;
    kept?.answer.then((a) => a.release(), () => undefined);
    return searchPhotos(q, all);
  };
  // The worker keeps an answer's ids until told: one not shown, or replaced, is let go.
  const newest = createNewestAnswer(
    () => {
      const q = query();
      const all = showPrivate();
      changes();
      return q.trim() ? { q, all } : undefined;
    },
    ({ q, all }): Promise<PageAnswer & { release?: () => void }> =>
      ask(q, all).catch((e: unknown) => ({ ids: NO_IDS, buckets: [], errors: [`The search failed: ${(e as Error).message}`] })),
    (a, b) => a.q === b.q && a.all === b.all,
    (found) => found.release?.(),
  );
  const answer = () => newest()?.answer ?? NOTHING;
  const current = newest.current;
  const results = () => (current() ? answer().ids : NO_IDS);
  const index = createMemo(() => (current() ? resultIndex(answer().ids, answer().buckets) : resultIndex(NO_IDS, [])));
  // The query lives in the URL, a new history entry for each new search (query-history.ts).
  const urls = createQueryHistory({
    push: (url) => history.pushState(null, '', url),
    replace: (url) => history.replaceState(null, '', url),
    current: query,
    url: () => location.href,
    later(write) {
      requestAnimationFrame(() => setTimeout(write));
      setTimeout(write, 100); // a tab in the background has no frames
    },
  });
  onCleanup(() => urls.drop());
  const onSearch = (value: string, commit = false) => {
    if (value.trim() && value !== query()) early = { q: value, all: showPrivate(), answer: searchPhotos(value, showPrivate()) };
    urls.typed(value, commit);
    setQuery(value);
  };
  // One selection per view: a new query or the other view starts with nothing selected.
  const selection = createSelection();
  createEffect(on([query, showPrivate], () => selection.clear(), { defer: true }));
  // "All" is the view's ids, read only when a batch runs: the results, or the timeline's keys.
  // An album's page goes by the album's own order (by hand, when the person set one): the slideshow shows it so.
  const viewIds = async (): Promise<readonly string[]> => {
    const name = album();
    if (name !== undefined) return albumPhotosInOrder(db, name, showPrivate());
    return searching() ? await results().slice() : (await shownKeys(db, showPrivate())).map(([, id]) => id).reverse();
  };
  const [slides, setSlides] = createSignal<readonly string[]>();
  /** The album page's hand order, while it is ordered by hand (AlbumPanel). */
  const [handOrder, setHandOrder] = createSignal<readonly string[]>();
  // The selection when there is one, else the whole view.
  const startSlideshow = guarded(async () => {
    const ids = selection.count() ? await selection.resolve(viewIds) : await viewIds();
    if (ids.length) setSlides(ids);
  });
  // An album renamed or deleted and brought back: its page follows the name it has again.
  /** Photos' rows and tiles, in the order asked. */
  const withTiles = async (ids: string[]) => {
    const [photos, thumbs] = await Promise.all([getPhotos(db, ids), getThumbs(db, ids)]);
    return photos.map((photo) => ({ photo, thumb: thumbs.get(photo.id) }));
  };
  // "Teach a label…" from the selection: proposals and the label kept in the search worker.
  const teach: TeachData = {
    examples: async () => [...(await selection.resolve(viewIds))],
    next: async (yes, no) => (await searchWorker().teachNext(yes, no, TEACH_QUEUE, showPrivate())).map((f) => f.id),
    look: withTiles,
    save: (name, yes, no) => searchWorker().teachSave(name, yes, no, showPrivate()),
  };
  const organiser = createOrganiser(db, selection, viewIds, setError, (batch) => {
    const name = album();
    if (batch.album && name !== undefined && (batch.album.to ?? batch.album.from).toLowerCase() === name.toLowerCase()) location.hash = albumLink(batch.album.from);
  });
  const inArchive = () => terms().some((t) => t.kind === 'filter' && t.key === 'archived' && !t.negated);
  const terms = createMemo(() => parseQuery(query()).terms);
  // `album:"…"` alone is the album's page (AlbumPanel): rename, delete, cover, order.
  const album = createMemo(() => {
    const [only, ...more] = terms();
    return !more.length && only?.kind === 'filter' && only.key === 'album' && !only.negated && only.values.length === 1 ? only.values[0] : undefined;
  });
  const removeTerm = (index: number) => onSearch(queryText(terms().filter((_, i) => i !== index)), true);

  const progress = createLive(() => readProgress(db), undefined, 250);
  const importing = () => ['scanning', 'running'].includes(progress()?.state ?? '');
  // Only month counts are live (a few hundred rows); the grid reads the visible page itself.
  // While an import writes a batch every few hundred ms, the grid refreshes at most every 750 ms.
  const buckets = createLive(() => monthBuckets(db), [], 750);
  const shown = createMemo(() =>
    buckets().flatMap((b) => {
      const count = shownCount(b, showPrivate());
      return count ? [{ month: b.month, count }] : [];
    }),
  );
  const total = createMemo(() => shown().reduce((n, b) => n + b.count, 0));
  const privateCount = createMemo(() => buckets().reduce((n, b) => n + b.count - b.visible, 0));
  const problems = createLive(() => problemFiles(db), [], 1000);
  const sources = createLive(() => listSources(db), []);
  // The library is drawn once the reads it is drawn from have answered: a library of photos never
  // shows "0 photos" and the welcome for an empty one first, the folders and problems above the
  // grid never push it down as they arrive, and a grid in justified rows is never first laid out
  // in squares. A read that fails never answers (it is logged): after 2 s the library is drawn
  // from what has.
  const [waitedLong, setWaitedLong] = createSignal(false);
  const giveUp = setTimeout(() => setWaitedLong(true), 2000);
  onCleanup(() => clearTimeout(giveUp));
  const opened = createMemo(() => waitedLong() || [buckets, sources, problems, progress, layoutChoice].every((read) => read.answered()));
  // Photos no file shows: a file gone or back changes how its tile looks (the Missing badge),
  // not the month counts.
  const missing = createLive(() => missingPhotoCount(db), 0, 1000);
  // The import's end brings what it wrote: the counts the throttles above hold are delivered in the
  // task that shows "All done", so the grid reads its last photos then. Held up to 0.75 s, a tile
  // still showed its stand-in after "All done" (user-work.spec records the frames).
  createEffect(on(importing, (now, before) => before && !now && [buckets, problems, missing].forEach((read) => read.flush()), { defer: true }));
  // A batch or its undo (a rotation, say) changes how tiles look without changing a month's count.
  const version = createMemo((n: number) => (buckets(), showPrivate(), missing(), organiser.last(), n + 1), 0);

  const gridData: GridData = {
    keysOfMonth: (month) => keysOfMonth(db, month, showPrivate()),
    keysInMonth: (month, from, count) => keysInMonth(db, month, from, count, showPrivate()),
    async load(keys) {
      const [first, last] = [keys[0], keys[keys.length - 1]];
      if (!first || !last) return { photos: [], thumbs: new Map() };
      // Rows and tiles read side by side (the keys name the photos): one round trip, not two,
      // behind whatever the scan is writing.
      const [photos, thumbs] = await Promise.all([photosBetween(db, first, last), getThumbs(db, keys.map(([, id]) => id))]);
      return { photos, thumbs };
    },
    async aspectsOfMonth(month) {
      const keys = await keysOfMonth(db, month, showPrivate());
      const [first, last] = [keys[0], keys[keys.length - 1]];
      if (!first || !last) return [];
      // One range read; the range holds the month's hidden photos too, which the keys leave out.
      const byId = new Map((await photosBetween(db, first, last)).map((p) => [p.id, p] as const));
      return keys.map(([, id]) => {
        const photo = byId.get(id);
        return photo ? shownAspect(photo) : 1;
      });
    },
  };
  /** A failed write, in words a person can act on (a full disk says so). */
  const explained = (e: unknown): never => {
    throw new Error(describeError(e));
  };
  const viewerData: ViewerData = {
    async photo(id) {
      const photo = await photoOrSuccessor(db, id);
      if (!photo) return undefined;
      const [preview, files] = await Promise.all([getPreview(db, photo.id), filesOfPhoto(db, photo.id)]);
      return { photo, preview: preview ?? (await getThumbs(db, [photo.id])).get(photo.id), files };
    },
    original: (id) => library.original(id),
    fullResolution: (id) => library.fullResolution(id),
    async edit(id, edits) {
      await editPhoto(db, id, edits).catch(explained);
      return getPhoto(db, id);
    },
    remove: (id) => removeMissingPhoto(db, id).catch(explained),
    // In search results the viewer steps through the results; otherwise through the timeline.
    async neighbour(key, step) {
      if (!searching()) return neighbour(db, key, step, showPrivate());
      // (Like the results grid's keys, this one carries no real time: search goes by id.)
      // An album ordered by hand is stepped through in its order.
      const hand = handOrder();
      const at = hand ? hand.indexOf(key[1]) : await index().positionOf(key);
      const next = at < 0 ? undefined : hand ? hand[at + step] : await results().at(at + step);
      return next === undefined ? undefined : [0, next];
    },
    // One photo turned is a batch of one: undone like any other (the toast, Ctrl/⌘+Z).
    async rotate(id, by) {
      await applyBatch(db, [id], { kind: 'rotate', by }).catch(explained);
      return getPhoto(db, id);
    },
    editLabels: (id, change) => editLabels(db, id, change).catch(explained),
    editAlbums: (id, change) => editAlbums(db, id, change).catch(explained),
    albumNames: () => albumNames(db, showPrivate()),
    faces: (id) => facesOfPhoto(db, id),
    stackFiles: (photo) => stackFiles(db, photo),
    setUnstacked: (id, unstacked) => setUnstacked(db, id, unstacked).catch(explained),
    pickTop: (id) => pickTop(db, id).catch(explained),
    motion: (id) => library.motion(id),
    async similar(id) {
      return withTiles((await searchWorker().similar(id, SIMILAR_SHOWN, showPrivate())).map((f) => f.id));
    },
    async embedOlder(onProgress) {
      const made = await embedOlderPhotos(db, library.indexer.vision, onProgress);
      await searchWorker().vectorsChanged();
      return made;
    },
  };

  // The results grid reads only its screenful: keys from the answer, rows and tiles by id.
  const resultsVersion = createMemo((n: number) => (answer(), n + 1), 0);
  const resultData: GridData = {
    keysOfMonth: (month) => index().keysOfMonth(month),
    async load(keys) {
      // The keys are the answer's own (`keysOfMonth`): their ids are the photos to read.
      const ids = keys.map(([, id]) => id);
      const [photos, thumbs] = await Promise.all([getPhotos(db, ids), getThumbs(db, ids)]);
      return { photos, thumbs };
    },
    async aspectsOfMonth(month) {
      const ids = (await index().keysOfMonth(month)).map(([, id]) => id);
      const byId = new Map((await getPhotos(db, ids)).map((p) => [p.id, p] as const));
      return ids.map((id) => {
        const photo = byId.get(id);
        return photo ? shownAspect(photo) : 1;
      });
    },
  };

  const resultsGrid = () => <PhotoGrid label="Results" buckets={current() ? answer().buckets : []} data={resultData} onOpen={setViewing} version={resultsVersion()} selection={selection} justified={justified()} />;

  onMount(() => {
    const onDragOver = (e: DragEvent) => e.preventDefault();
    const onDrop = guarded(async (e: DragEvent) => {
      e.preventDefault();
      const handle = e.dataTransfer && (await droppedFolder(e.dataTransfer.items));
      if (handle) await library.addFolder(handle);
      else setError('Drop a folder (not single files) to add it to the library.');
    });
    const onHash = () => {
      if (!urls.navigated()) return;
      setQuery(queryOf());
      setJumpTo(parseMonthParam(params().get('at')));
    };
    window.addEventListener('hashchange', onHash);
    window.addEventListener('popstate', onHash);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    onCleanup(() => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('popstate', onHash);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    });
    void library.resumeUnfinished();
    // The search worker reads the timeline's order while the page is idle, ahead of a first search,
    // or after two seconds at the latest: a page drawing tiles is never idle, and a first search
    // would then read the order itself. (Safari has no requestIdleCallback: a few seconds' wait.)
    const warm = () => void searchWorker().warm();
    if ('requestIdleCallback' in window) {
      const idle = requestIdleCallback(warm, { timeout: 2000 });
      onCleanup(() => cancelIdleCallback(idle));
    } else {
      const timer = setTimeout(warm, 3000);
      onCleanup(() => clearTimeout(timer));
    }
  });

  return (
    <main class="library">
      {/* Drawn once its reads have answered (`opened`): the top bar's Rescan and count, the
          folders and problems never move what is below them as they arrive. */}
      <Show when={opened()}>
        {/* The selection's bar takes the top bar's place, in a slot as tall as the taller of the two:
            selecting never moves the grid (nor resizes it, which would lay it out again). */}
        <div class="header-slot">
          <div class="topbar" classList={{ covered: selection.count() > 0 }}>
            <AddFolder onError={setError} busy={importing()} offerDemo={!buckets().some((b) => b.count > 0) && sources().length === 0} />
            <Show when={sources().length > 0}>
              <button type="button" onClick={guarded(() => library.rescan())}>Rescan</button>
            </Show>
            <SearchBox value={query()} onInput={(v) => onSearch(v)} onCommit={(v) => onSearch(v, true)} suggest={(q) => searchWorker().suggest(q, showPrivate())} />
            <span class="count" role="status" aria-label="Photo count">
              {photosText(total())}
              <Show when={missing()}>{(n) => <>, {n()} missing</>}</Show>
              <Show when={!showPrivate() && privateCount()}>{(n) => <>, {n()} private hidden</>}</Show>
            </span>
            <button type="button" disabled={!(searching() ? results().length : total())} onClick={() => void startSlideshow()}>Slideshow</button>
            <div class="layout-choice" role="radiogroup" aria-label="Layout">
              <For each={[['squares', 'Square tiles', '▦'], ['justified', 'Justified rows', '▤']] as [GridLayout, string, string][]}>
                {([value, name, icon]) => (
                  <label title={name}>
                    <input type="radio" name="grid-layout" value={value} aria-label={name} checked={layoutChoice() === value} onChange={guarded(() => setGridLayout(db, value))} />
                    <span aria-hidden="true">{icon}</span>
                  </label>
                )}
              </For>
            </div>
            <label class="check">
              <input type="checkbox" checked={showPrivate()} onChange={(e) => setShowPrivate(e.currentTarget.checked)} />
              Show private photos
            </label>
          </div>
          <SelectionBar selection={selection}>
            <button type="button" onClick={() => void startSlideshow()}>Slideshow</button>
            <BatchActions run={organiser.run} albums={() => albumNames(db, showPrivate())} archive={inArchive()} busy={organiser.busy()} count={selection.count()} fields={organiser.fields} labels={organiser.labels} places={organiser.places} towns={organiser.towns} teach={teach} />
          </SelectionBar>
        </div>
        <Show when={error()}>{(m) => <p class="error" role="alert">{m()}</p>}</Show>
        <SourcesBar sources={sources()} onError={setError} guarded={guarded} />
        <ImportProgress
          progress={progress()}
          onPause={guarded(() => library.indexer.pause())}
          onResume={guarded(() => library.indexer.resume())}
          onCancel={guarded(() => library.cancel())}
        />
        <ProblemsList files={problems()} />
        <Show when={organiser.progress()}>
          {(p) => <progress class="batch-progress" aria-label="Changing the selected photos" max={p().total} value={p().done} />}
        </Show>
        <Show when={organiser.undoable()}>
          {(batch) => (
            <div class="toast" role="status" aria-label="Last change">
              {batch().label}
              <button type="button" disabled={organiser.busy()} onClick={() => void organiser.undo()}>Undo</button>
              <button type="button" aria-label="Dismiss" onClick={() => organiser.dismiss()}>×</button>
            </div>
          )}
        </Show>
        <Show when={searching()}>
          <Show when={current() && answer().errors.length > 0}>
            <ul class="error search-errors" role="alert" aria-label="Search problems">
              <For each={answer().errors}>{(message) => <li>{message}</li>}</For>
            </ul>
          </Show>
          <Show when={terms().length > 1}>
            <ul class="chips" aria-label="Active filters">
              <For each={terms()}>
                {(term, i) => (
                  <li>
                    {termText(term)}
                    <button type="button" aria-label={`Remove ${termText(term)}`} onClick={() => removeTerm(i())}>×</button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <p class="results-count" role="status" aria-label="Search results">
            <Show when={current()} fallback="Searching…">
              {results().length.toLocaleString('en')} {results().length === 1 ? 'photo shows' : 'photos show'} “{query().trim()}”
            </Show>
          </p>
          <Show when={album()} fallback={resultsGrid()}>
            {(name) => (
              <AlbumPanel db={db} name={name()} includePrivate={showPrivate()} selection={selection} selected={() => selection.resolve(viewIds)} onOpen={(id) => setViewing([0, id])} onError={setError} onOrder={setHandOrder}>
                {resultsGrid()}
              </AlbumPanel>
            )}
          </Show>
        </Show>
        <Show
          when={!searching() && total() > 0}
          fallback={
            <section class="empty" hidden={searching()}>
              <h2>Your photos, in your browser</h2>
              <p>Add a folder of photos: Shoebox reads it where it is, makes thumbnails and keeps everything on this device. Nothing is uploaded.</p>
            </section>
          }
        >
          <Show when={memoriesOn()}>
            <Memories db={db} includePrivate={showPrivate()} ready={gridShown()} onOpen={setViewing} />
          </Show>
          <PhotoGrid buckets={shown()} data={gridData} onOpen={setViewing} version={version()} jumpTo={jumpTo()} selection={selection} justified={justified()} standIns={() => standInCount(db)} onTileShown={() => library.indexer.tileShown()} onScreen={() => setGridShown(true)} />
        </Show>
      </Show>
      <Show when={slides()}>
        {(ids) => (
          <Slideshow
            ids={ids()}
            load={async (id) => {
              const photo = await getPhoto(db, id);
              return photo && { photo, picture: (await getPreview(db, id)) ?? (await getThumbs(db, [id])).get(id) };
            }}
            onClose={() => setSlides(undefined)}
          />
        )}
      </Show>
      <Show when={viewing()}>
        {(start) => <Viewer start={start()} data={viewerData} onClose={() => setViewing(undefined)} />}
      </Show>
    </main>
  );
}
