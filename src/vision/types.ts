/** Plain types of the vision worker's API: what the UI and the indexer may see (no tfjs here). */

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export interface BackendReport {
  name: BackendName;
  /** Why it runs, or why each one above it was passed over. */
  notes: string[];
}
