/** Plain types of the vision worker's API: what the UI and the indexer may see (no tfjs here). */

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Milliseconds per photo for one model, over the photos analysed since the worker started. */
export interface Timing {
  median: number;
  p95: number;
  count: number;
}

export interface BackendReport {
  name: BackendName;
  /** Why it runs, or why each one above it was passed over. */
  notes: string[];
}
