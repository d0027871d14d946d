import { catalog } from '../catalog/db';
import { onCatalogueChange } from '../catalog/live';
import { search, SearchCache, type SearchAnswer } from '../catalog/search-repo';
import { suggest, type Suggestion } from '../catalog/suggest-repo';
import { findPlace } from './places';

/**
 * The search worker's API: queries are planned and read here, off the page's thread (the
 * `filename:` substring match reads every file row). What searches keep between them is dropped
 * whenever any tab or worker changes the catalogue.
 */
const db = catalog();
const cache = new SearchCache(db);
onCatalogueChange(() => cache.invalidate());

export const searchApi = {
  search(query: string, includePrivate: boolean): Promise<SearchAnswer> {
    return search(db, query, { includePrivate, cache, findPlace });
  },
  /** Read the timeline's order and the place table ahead of the first search (when the page is idle). */
  async warm(): Promise<void> {
    await Promise.all([cache.order(false), findPlace('')]);
  },
  suggest(query: string, includePrivate: boolean): Promise<Suggestion[]> {
    return suggest(db, query, includePrivate);
  },
};

export type SearchApi = typeof searchApi;
