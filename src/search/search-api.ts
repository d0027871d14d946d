import { catalog } from '../catalog/db';
import { onCatalogueChange, onlyTables } from '../catalog/live';
import { PhotoPostings } from '../catalog/postings';
import { catalogueReads } from '../catalog/search-reads';
import { SimilarIndex, type Similar } from './similar';
import { exactCopies, nearDuplicateGroups, type DuplicateGroup, type DuplicateMember } from '../catalog/duplicate-repo';
import { burstOffers, type BurstOffer } from '../catalog/burst-repo';

import { transfer } from 'comlink';
import { searchPlaced, SearchCache, type PlacedAnswer } from './planner';
import { ID_CHUNK, packRange, type PackedIds, type RemoteAnswer } from './packed';
import { findPlace } from './places';
import { createPlacer } from './placer';
import { oneRunAtATime } from './one-run';
import { quietFor } from './quiet';
import { suggest, type Suggestion } from './suggest';
import { gazetteer, type Town } from './gazetteer';
import { selectionPlaces, type SelectionPlaces } from '../catalog/place-repo';
import { labelsAcross } from '../catalog/label-repo';
import { applyBatch, undoBatch, type BatchChange, type BatchRow } from '../catalog/batch-repo';
import { fit, mergeAnswers, teach } from '../catalog/teach';
import { saveTaught, suggestTaught, suggestionScore } from '../catalog/taught-repo';
import { EMBEDDING_VERSION } from '../catalog/embedding-repo';
import { Backoff } from './backoff';

/**
 * The search worker's API: queries are planned and read here, off the page's thread (the
 * `filename:` substring match reads every file row). The photos' indexes are held in memory
 * (postings.ts), built when the page is idle and kept current from change events; what searches
 * keep besides is dropped whenever any tab or worker changes the catalogue.
 */
const db = catalog();
const cache = new SearchCache();
// Its build is background work: between two pages it lets the searches under way go first, then
// rests as long as the page took. Reading a page (IndexedDB's side and this worker's) keeps a core
// busy; at full speed, reading 100,000 photos kept `similar:` at 60–150 ms instead of 10–40 for
// the 15 s it took. Half speed leaves room for searches and the page.
const postings = new PhotoPostings(db, (lastPageMs) => halfSpeed(lastPageMs));
const reads = catalogueReads(db, postings);
// Saved ones are loaded at once (a few hundred ms at 100,000 photos): the first search waits for
// them rather than read the timeline's order from IndexedDB (seconds).
void postings.loadSaved();
// Photos with GPS are named here (placer.ts), after every change to the photos.
const placer = createPlacer(db);
/**
 * When the last search arrived. The vectors read ahead wait until none has for this long: at a
 * million photos, reading them (minutes at half speed) beside the searches typed right after the
 * postings' save made those slower (bench `scale_1m`, one run each: median 51 ms with the vectors
 * read before the save, 72 read beside the searches, 50 waiting for a pause; 2026-12-05).
 */
let lastSearchAt = -Infinity;
const VECTORS_QUIET_MS = 2000;
// Every photo's vector, for "More like this" and `similar:` (similar.ts). Read ahead at half
// speed, as the postings are built, and only once no search has arrived for `VECTORS_QUIET_MS`.
const similar = new SimilarIndex(db, undefined, true, (lastPageMs) => halfSpeed(lastPageMs).then(() => quietFor(() => lastSearchAt, VECTORS_QUIET_MS)));
/** Searches that take the planner's ways: a plain word, dates, terms, taken away (warm). */
const WARM_UP = ['cat', 'year:>=1900 -month:1', 'day:1 -year:1901'];
/**
 * How often the postings are saved while the catalogue changes (an import, the placer): a
 * reopened library then reads at most this much of the change log again. A save at 100,000
 * photos took about 0.2 s (13–34 ms making the row, the rest IndexedDB's write; timed in the worker).
 */
const SAVE_EVERY_MS = 60_000;
let saver: ReturnType<typeof setInterval> | undefined;
/** After a failed save (a full disk), the next try waits 1, 2, 4 … up to 32 minutes more. */
const saveRetries = new Backoff(32);
/** Save the postings (with the changes logged so far) when searches are done, if they changed. */
async function savePostings(): Promise<void> {
  if (!postings.unsaved || !saveRetries.due()) return;
  try {
    await searchesFirst();
    await postings.current();
    await postings.save();
    saveRetries.succeeded();
  } catch (e) {
    // Not saved (a full disk, a closed database): the next reopening reads the photos instead.
    saveRetries.failed();
    console.warn('The search index was not saved', e);
  }
}
/** How many photos `similar:` finds: the most alike. */
const SIMILAR_FOUND = 50;
const photosPart = `idb://${db.name}/photos/`;
/**
 * The postings' own save writes these (the saved copy, and the log it prunes): no answer changes.
 * Emptying the searches' cache at each save made the first search after it read its terms again:
 * 22 ms in this worker for "cat" at 100,000 photos, against 0–1 ms with the cache kept (2026-12-05).
 */
const BOOKKEEPING = ['postings', 'photoLog'];
onCatalogueChange((parts) => {
  if (!parts || !onlyTables(db.name, parts, BOOKKEEPING)) cache.invalidate();
  similar.changed(parts);
  postings.changed(parts);
  reads.changed(parts);
  if (!parts || Object.keys(parts).some((p) => p.startsWith(photosPart))) placer.schedule();
});

/**
 * The searches under way. Suggestions wait for them: both arrive with each keystroke, and the
 * grid's answer is what the person waits for (suggestions reading beside it slowed it by half).
 */
const searching = new Set<Promise<unknown>>();
/** A task at least `ms` later. */
const after = (ms = 0) => new Promise((go) => setTimeout(go, ms));
/** Background work (the warm-up, the postings' build) waits here between steps: the searches under way answer first. */
const searchesFirst = () => Promise.allSettled([...searching]).then(() => after());
/** Between two pages of background reading: the searches under way first, then a rest as long as the page took. */
const halfSpeed = (lastPageMs: number) => searchesFirst().then(() => after(lastPageMs));

/**
 * The first timeline order ready for answers before the postings are built: its table of ids to
 * numbers (the loaded postings', or its own when read from IndexedDB, none being saved) filled
 * 50,000 at a time, searches going between (every read answering with ids goes through it; whole,
 * a few hundred milliseconds at a million photos in one task). A function of its own, so that the
 * warm-up does not keep that order alive once the postings' replaces it.
 */
async function warmFirstOrder(): Promise<void> {
  const first = await reads.timeline(false);
  const numbering = first.ids.numbered?.numbering;
  while (numbering && !numbering.mapAhead(50_000)) await searchesFirst();
}

/** The photos most like `photo` (its id, or the start of it) that the timeline shows, best first. */
async function likeShown(photo: string, limit: number, includePrivate: boolean): Promise<Similar[]> {
  const [id, order] = await Promise.all([similar.resolve(photo), reads.timeline(includePrivate)]);
  return id ? similar.like(id, limit, (other) => order.positionOf(other) >= 0) : [];
}

/** How many of the library's other photos a taught label is fitted against (and, as many again, its threshold checked on). */
const TEACH_REST = 300;

/** What teaching a label fits on: the answers' vectors and a sample of the other photos the timeline shows. */
async function teachExamples(yes: readonly string[], no: readonly string[], includePrivate: boolean) {
  const order = await reads.timeline(includePrivate);
  const shown = (id: string) => order.positionOf(id) >= 0;
  const answered = new Set([...yes, ...no]);
  const [yesV, noV, rest] = await Promise.all([similar.vectorsOf(yes), similar.vectorsOf(no), similar.sample(TEACH_REST, answered, shown)]);
  // The sample the threshold is checked on (teachSave only): another spread of the library.
  const unseen = () => similar.sample(TEACH_REST, answered, shown, 0.5);
  return { examples: { yes: yesV, no: noV, rest }, unseen, shown, answered };
}

/**
 * The answers the page may still ask ids of (packed.ts), by token: what each found, in the order it
 * was placed in. The page releases an answer when a newer one replaces it; past `KEPT_ANSWERS`
 * (a page that never releases) the oldest goes.
 */
const answers = new Map<number, PlacedAnswer>();
const KEPT_ANSWERS = 32;
let lastToken = 0;

const transferIds = (packed: PackedIds) => [packed.ids.buffer, packed.ends.buffer] as ArrayBuffer[];

/** The view asks again on every change (twice a second while indexing): one grouping at a time (one-run.ts). */
const duplicates = oneRunAtATime(async (includePrivate: boolean) => {
  const [near, copies, bursts] = await Promise.all([nearDuplicateGroups(db, includePrivate), exactCopies(db, includePrivate), burstOffers(db, includePrivate)]);
  // A group of near duplicates that is all one burst is offered as the burst only.
  const burstOf = new Map(bursts.flatMap((b, i) => b.members.map((m) => [m.photo.id, i] as const)));
  const groups = near.filter((g) => new Set(g.members.map((m) => burstOf.get(m.photo.id) ?? -1)).size > 1 || !burstOf.has(g.members[0]?.photo.id ?? ''));
  return { groups, copies, bursts };
});

export const searchApi = {
  /** A search's count, month counts and first ids; the rest of its ids through `idsOf` with its token, until released. */
  async search(query: string, includePrivate: boolean): Promise<RemoteAnswer> {
    lastSearchAt = performance.now();
    const answer = searchPlaced(reads, query, { includePrivate, cache, findPlace, similarTo: async (photo) => (await likeShown(photo, SIMILAR_FOUND, includePrivate)).map((s) => s.id) });
    searching.add(answer);
    void answer.catch(() => undefined).finally(() => searching.delete(answer));
    const placed = await answer;
    const token = ++lastToken;
    answers.set(token, placed);
    if (answers.size > KEPT_ANSWERS) answers.delete(answers.keys().next().value as number);
    const head = packRange(placed.order, placed.found, 0, ID_CHUNK);
    return transfer({ token, count: placed.found.length, head, buckets: placed.buckets, errors: placed.errors }, transferIds(head));
  },
  /** The ids at [from, to) of an answer still kept (newest first), packed; undefined once it is released. */
  idsOf(token: number, from: number, to: number): PackedIds | undefined {
    const placed = answers.get(token);
    if (!placed) return undefined;
    const packed = packRange(placed.order, placed.found, from, to);
    return transfer(packed, transferIds(packed));
  },
  /** The page has done with an answer (a newer one replaced it). */
  release(token: number): void {
    answers.delete(token);
  },
  /**
   * Read the timeline's order, named people's photos, the place table and the postings ahead of
   * the first search (when the page is idle), then place the postings in the order, map its ids
   * to their places (what reads answering with ids go through) and encode them (an order read
   * from IndexedDB: the postings' keep their ids as bytes): the first answer would otherwise wait
   * for each.
   */
  async warm(): Promise<void> {
    placer.schedule();
    // Saved postings (loading since the worker started) give the timeline's order too.
    await postings.loadSaved();
    await Promise.all([reads.warm(), findPlace('')]);
    // The order's table of ids first: reads answering with ids go through it, `similar:` included.
    // Then the postings (read when none were saved: the longest read; a search does without them
    // meanwhile), the files' words, the planner's loops, the save, then the vectors. Searches typed
    // meanwhile go between the steps, and between the table's slices and the vectors' pages.
    await warmFirstOrder();
    await postings.build();
    // The files' words: a plain word that no file's path has is then no read (warmFileWords; read
    // after the vectors, as they were, a plain word took 80–100 ms on reopening). Not beside the
    // order's read: at a million photos, the first search waited for both.
    await reads.warmFileWords();
    const order = await reads.timeline(false);
    await searchesFirst();
    reads.slotPositions(order);
    order.positionOf('');
    // A first search would run the planner's loops cold: combining 100,000 positions took 8 ms the
    // first two times and 1 ms after (measured). A few searches of its own warm them, kept apart.
    for (let round = 0; round < 2; round++) {
      for (const query of WARM_UP) {
        await searchesFirst();
        const { order: placedIn, found } = await searchPlaced(reads, query, { cache: new SearchCache() });
        packRange(placedIn, found, 0, ID_CHUNK);
      }
    }
    await savePostings();
    saver ??= setInterval(() => void savePostings(), SAVE_EVERY_MS);
    await searchesFirst();
    // The vectors last, at half speed (similar.ts). Read beside the timeline's order, 100,000 held
    // it up by seconds (traced on reopening); read at full speed before the files' words and the
    // warm-up, the searches typed on reopening waited behind their pages (5 s of IndexedDB here):
    // the bench's 20 queries typed on reopening 100,000 photos, median 48–65 ms against 28–36 this
    // way (six sets of each, alternating, 2026-12-05).
    await similar.warm();
  },
  async suggest(query: string, includePrivate: boolean): Promise<Suggestion[]> {
    await Promise.allSettled([...searching]);
    return suggest(reads, query, includePrivate);
  },
  /** "More like this": the photos the timeline shows most like this one, best first, with how alike (cosine, 1 the same). */
  similar(photo: string, limit: number, includePrivate: boolean): Promise<Similar[]> {
    return likeShown(photo, limit, includePrivate);
  },
  /**
   * Teaching a label (catalog/teach.ts): after each answer, the photos the timeline shows that a
   * model fitted on the answers so far scores highest, best first, the answered ones left out.
   */
  async teachNext(yes: string[], no: string[], limit: number, includePrivate: boolean): Promise<Similar[]> {
    const { examples, shown, answered } = await teachExamples(yes, no, includePrivate);
    if (!examples.yes.length) return [];
    return similar.rank(fit(examples), limit, (id) => shown(id) && !answered.has(id));
  },
  /**
   * Keep a taught label: the answers (with the label's earlier ones) and the model fitted on them
   * with its threshold; the photos said to be it get the label, and every other photo the model
   * scores above its threshold gets it as a suggestion. Returns how many of each.
   */
  async teachSave(label: string, yes: string[], no: string[], includePrivate: boolean): Promise<{ labelled: number; suggested: number }> {
    const name = label.trim().toLowerCase();
    const answers = mergeAnswers(await db.taught.get(name), yes, no);
    const { examples, unseen, answered } = await teachExamples(answers.yes, answers.no, includePrivate);
    if (!examples.yes.length) throw new Error('None of these photos has been analysed yet: a label is taught from what photos look like, which indexing works out.');
    const model = teach(examples, await unseen(), EMBEDDING_VERSION);
    await saveTaught(db, { name, ...answers, model, at: Date.now() });
    const ranked = await similar.rank(model, await similar.warm(), (id) => !answered.has(id));
    const above = new Map(ranked.filter((r) => r.score >= model.threshold).map((r) => [r.id, suggestionScore(r.score, model.threshold)]));
    return { labelled: answers.yes.length, suggested: await suggestTaught(db, name, above) };
  },
  /** Vectors were written on the page (older photos analysed): read them again now, not when the change event arrives, which may be after the next query. */
  vectorsChanged(): void {
    similar.changed();
  },
  /** Towns whose name starts with what was typed, for the location dialog (the gazetteer is loaded on first use). */
  async towns(query: string): Promise<Town[]> {
    return (await gazetteer()).find(query);
  },
  /** The map's town names for the view `box` (Gazetteer.townsIn). */
  async townsIn(box: { west: number; south: number; east: number; north: number }, limit: number, spacing: number): Promise<Town[]> {
    return (await gazetteer()).townsIn(box, limit, spacing);
  },
  /** Where a selection was taken (the location dialog): its rows are read here, not on the page's thread. */
  selectionPlaces(ids: string[]): Promise<SelectionPlaces> {
    return selectionPlaces(db, ids);
  },
  /**
   * A batch edit of the selection (catalog/batch-repo.ts), run here rather than on the page's
   * thread: each chunk's reads, edits and undo journal would otherwise be the page's milliseconds.
   * `onProgress` is the page's (a Comlink proxy).
   */
  applyBatch(ids: string[], change: BatchChange, onProgress?: (done: number, total: number) => void): Promise<BatchRow> {
    return applyBatch(db, ids, change, { onProgress });
  },
  /** Undo a batch (the toast's Undo, Ctrl/Cmd+Z), here too. */
  undoBatch(batchId: number, onProgress?: (done: number, total: number) => void): Promise<void> {
    return undoBatch(db, batchId, onProgress);
  },
  /** The selection's labels with how many of its photos carry each (the labels dialog), read here too. */
  labelsAcross(ids: string[]): Promise<{ name: string; count: number }[]> {
    return labelsAcross(db, ids);
  },
  /** The Duplicates view's groups, copies and bursts (duplicate-repo.ts, burst-repo.ts): grouping 100,000 hashes takes seconds, so here, off the page's thread. */
  duplicates(includePrivate: boolean): Promise<{ groups: DuplicateGroup[]; copies: DuplicateMember[]; bursts: BurstOffer[] }> {
    return duplicates(includePrivate);
  },
};

export type SearchApi = typeof searchApi;
