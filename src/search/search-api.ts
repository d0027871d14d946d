import { catalog } from '../catalog/db';
import { onCatalogueChange } from '../catalog/live';
import { PhotoPostings } from '../catalog/postings';
import { catalogueReads } from '../catalog/search-reads';

import { transfer } from 'comlink';
import { search, SearchCache } from './planner';
import { packAnswer, type PackedAnswer } from './packed';
import { findPlace } from './places';
import { suggest, type Suggestion } from './suggest';

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
onCatalogueChange((parts) => {
  cache.invalidate();
  postings.changed(parts);
  reads.changed(parts);
});

export const searchApi = {
  async search(query: string, includePrivate: boolean): Promise<PackedAnswer> {
    const packed = packAnswer(await search(reads, query, { includePrivate, cache, findPlace }));
    return transfer(packed, [packed.ids.buffer]);
  },
  /** Read the timeline's order, named people's photos, the place table and the postings ahead of the first search (when the page is idle). */
  async warm(): Promise<void> {
    await Promise.all([reads.warm(), findPlace('')]);
    await postings.build();
  },
  suggest(query: string, includePrivate: boolean): Promise<Suggestion[]> {
    return suggest(reads, query, includePrivate);
  },
};

export type SearchApi = typeof searchApi;
