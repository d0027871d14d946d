import { catalog } from '../catalog/db';
import { onCatalogueChange } from '../catalog/live';
import { search, TimelineOrder, type SearchAnswer } from '../catalog/search-repo';
import { suggest, type Suggestion } from '../catalog/suggest-repo';
import { findPlace } from './places';

/**
 * The search worker's API: queries are planned and read here, off the page's thread (the
 * `filename:` substring match reads every file row). The timeline order is kept between
 * searches and dropped whenever any tab or worker changes the catalogue.
 */
const db = catalog();
const order = new TimelineOrder(db);
onCatalogueChange(() => order.invalidate());

export const searchApi = {
  search(query: string, includePrivate: boolean): Promise<SearchAnswer> {
    return search(db, query, { includePrivate, order, findPlace });
  },
  suggest(query: string): Promise<Suggestion[]> {
    return suggest(db, query);
  },
};

export type SearchApi = typeof searchApi;
