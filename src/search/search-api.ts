import { catalog } from '../catalog/db';
import { onCatalogueChange } from '../catalog/live';
import { search, SearchCache, usePostings, type SearchAnswer } from '../catalog/search-repo';
import { suggest, type Suggestion } from '../catalog/suggest-repo';
import { findPlace } from './places';
import { PhotoPostings } from '../catalog/postings';

/**
 * The search worker's API: queries are planned and read here, off the page's thread (the
 * `filename:` substring match reads every file row). The photos' indexes are held in memory
 * (postings.ts), built when the page is idle and kept current from change events; what searches
 * keep besides is dropped whenever any tab or worker changes the catalogue.
 */
const db = catalog();
const cache = new SearchCache(db);
const postings = new PhotoPostings(db);
usePostings(db, postings);
onCatalogueChange((parts) => {
  cache.invalidate();
  postings.changed(parts);
});

export const searchApi = {
  search(query: string, includePrivate: boolean): Promise<SearchAnswer> {
    return search(db, query, { includePrivate, cache, findPlace });
  },
  /** Read the timeline's order, the place table and the postings ahead of the first search (when the page is idle). */
  async warm(): Promise<void> {
    await Promise.all([cache.order(false), findPlace('')]);
    await postings.build();
  },
  suggest(query: string, includePrivate: boolean): Promise<Suggestion[]> {
    return suggest(db, query, includePrivate);
  },
};

export type SearchApi = typeof searchApi;
