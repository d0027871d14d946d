import { wrap, type Remote } from 'comlink';
import type { SearchApi } from './search-api';
import type { SearchAnswer } from './planner';
import { unpackAnswer } from './packed';

let api: Remote<SearchApi> | undefined;

/** The search worker (started on first use, one per page). */
export function searchWorker(): Remote<SearchApi> {
  api ??= wrap<SearchApi>(new Worker(new URL('../../workers/search.worker.ts', import.meta.url), { type: 'module', name: 'search' }));
  return api;
}

/** Search in the worker: the answer's ids arrive as one transferred buffer (packed.ts). */
export async function searchPhotos(query: string, includePrivate: boolean): Promise<SearchAnswer> {
  return unpackAnswer(await searchWorker().search(query, includePrivate));
}
