import { wrap, type Remote } from 'comlink';
import type { SearchApi } from './search-api';

let api: Remote<SearchApi> | undefined;

/** The search worker (started on first use, one per page). */
export function searchWorker(): Remote<SearchApi> {
  api ??= wrap<SearchApi>(new Worker(new URL('../../workers/search.worker.ts', import.meta.url), { type: 'module', name: 'search' }));
  return api;
}
