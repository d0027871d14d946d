import { catalog } from '../catalog/db';
import { onCatalogueChange } from '../catalog/live';
import { PhotoPostings } from '../catalog/postings';
import { catalogueReads, positionIn } from '../catalog/search-reads';
import { SimilarIndex, type Similar } from './similar';
import { exactCopies, nearDuplicateGroups, type DuplicateGroup, type DuplicateMember } from '../catalog/duplicate-repo';
import { burstOffers, type BurstOffer } from '../catalog/burst-repo';

import { transfer } from 'comlink';
import { searchPlaced, SearchCache } from './planner';
import { encodedOrder, packPlaced, type PackedAnswer } from './packed';
import { findPlace } from './places';
import { createPlacer } from './placer';
import { oneRunAtATime } from './one-run';
import { suggest, type Suggestion } from './suggest';
import { gazetteer, type Town } from './gazetteer';
import { selectionPlaces, type SelectionPlaces } from '../catalog/place-repo';
import { labelsAcross } from '../catalog/label-repo';

/**
 * The search worker's API: queries are planned and read here, off the page's thread (the
 * `filename:` substring match reads every file row). The photos' indexes are held in memory
 * (postings.ts), built when the page is idle and kept current from change events; what searches
 * keep besides is dropped whenever any tab or worker changes the catalogue.
 */
const db = catalog();
const cache = new SearchCache();
const postings = new PhotoPostings(db);
const reads = catalogueReads(db, postings);
// Photos with GPS are named here (placer.ts), after every change to the photos.
const placer = createPlacer(db);
// Every photo's vector, for "More like this" and `similar:` (similar.ts).
const similar = new SimilarIndex(db);
/** How many photos `similar:` finds: the most alike. */
const SIMILAR_FOUND = 50;
const photosPart = `idb://${db.name}/photos/`;
onCatalogueChange((parts) => {
  cache.invalidate();
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

/** The view asks again on every change (twice a second while indexing): one grouping at a time (one-run.ts). */
/** The photos most like `photo` (its id, or the start of it) that the timeline shows, best first. */
async function likeShown(photo: string, limit: number, includePrivate: boolean): Promise<Similar[]> {
  const [id, order] = await Promise.all([similar.resolve(photo), reads.timeline(includePrivate)]);
  return id ? similar.like(id, limit, (other) => positionIn(order, other) >= 0) : [];
}

const duplicates = oneRunAtATime(async (includePrivate: boolean) => {
  const [near, copies, bursts] = await Promise.all([nearDuplicateGroups(db, includePrivate), exactCopies(db, includePrivate), burstOffers(db, includePrivate)]);
  // A group of near duplicates that is all one burst is offered as the burst only.
  const burstOf = new Map(bursts.flatMap((b, i) => b.members.map((m) => [m.photo.id, i] as const)));
  const groups = near.filter((g) => new Set(g.members.map((m) => burstOf.get(m.photo.id) ?? -1)).size > 1 || !burstOf.has(g.members[0]?.photo.id ?? ''));
  return { groups, copies, bursts };
});

export const searchApi = {
  async search(query: string, includePrivate: boolean): Promise<PackedAnswer> {
    const answer = searchPlaced(reads, query, { includePrivate, cache, findPlace, similarTo: async (photo) => (await likeShown(photo, SIMILAR_FOUND, includePrivate)).map((s) => s.id) });
    searching.add(answer);
    void answer.catch(() => undefined).finally(() => searching.delete(answer));
    const packed = packPlaced(await answer);
    return transfer(packed, [packed.ids.buffer, packed.ends.buffer]);
  },
  /**
   * Read the timeline's order, named people's photos, the place table and the postings ahead of
   * the first search (when the page is idle), then place the postings in the order, map its ids
   * to their places (what reads answering with ids go through) and encode them: the first answer
   * would otherwise wait for each.
   */
  async warm(): Promise<void> {
    placer.schedule();
    await Promise.all([reads.warm(), findPlace(''), similar.warm()]);
    await postings.build();
    const order = await reads.timeline(false);
    reads.slotPositions(order);
    positionIn(order, '');
    encodedOrder(order);
  },
  async suggest(query: string, includePrivate: boolean): Promise<Suggestion[]> {
    await Promise.allSettled([...searching]);
    return suggest(reads, query, includePrivate);
  },
  /** "More like this": the photos the timeline shows most like this one, best first, with how alike (cosine, 1 the same). */
  similar(photo: string, limit: number, includePrivate: boolean): Promise<Similar[]> {
    return likeShown(photo, limit, includePrivate);
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
