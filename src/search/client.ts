import { proxy, wrap, type Remote } from 'comlink';
import type { BatchChange, BatchRow } from '../catalog/batch-repo';
import type { SearchApi } from './search-api';
import { pageAnswer, type PageAnswer } from './packed';

let api: Remote<SearchApi> | undefined;

/** The search worker (started on first use, one per page). */
export function searchWorker(): Remote<SearchApi> {
  api ??= wrap<SearchApi>(new Worker(new URL('../../workers/search.worker.ts', import.meta.url), { type: 'module', name: 'search' }));
  return api;
}

/** A search answer on the page, and the call that tells the worker it is done with. */
export interface PageSearch extends PageAnswer {
  release(): void;
}

/**
 * Search in the worker: the count, the month counts and the first ids arrive with the answer;
 * the rest of its ids are asked for as they are read (packed.ts). Release the answer when a
 * newer one replaces it.
 */
export async function searchPhotos(query: string, includePrivate: boolean): Promise<PageSearch> {
  const api = searchWorker();
  const answer = await api.search(query, includePrivate);
  return { ...pageAnswer(answer, (from, to) => api.idsOf(answer.token, from, to)), release: () => void api.release(answer.token) };
}

type Progress = (done: number, total: number) => void;

/** A batch edit run in the search worker (search-api.ts applyBatch), its progress heard here. */
export function batchInWorker(ids: readonly string[], change: BatchChange, onProgress?: Progress): Promise<BatchRow> {
  return searchWorker().applyBatch([...ids], change, onProgress && proxy(onProgress));
}

/** A batch undone in the search worker. */
export function undoInWorker(batchId: number, onProgress?: Progress): Promise<void> {
  return searchWorker().undoBatch(batchId, onProgress && proxy(onProgress));
}
