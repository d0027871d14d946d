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

/** Search in the worker: the answer's ids arrive as transferred bytes, decoded as they are read (packed.ts). */
export async function searchPhotos(query: string, includePrivate: boolean): Promise<PageAnswer> {
  return pageAnswer(await searchWorker().search(query, includePrivate));
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
