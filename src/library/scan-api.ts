import { walkFolder, ScanPermissionError, type WalkEntry, type WalkSummary } from './walk';

export type ScanResult = { ok: true; summary: WalkSummary } | { ok: false; permission: boolean; error: string };

/** The scan worker's API: walks a granted folder off the UI thread, streaming batches back. */
export const scanApi = {
  async scan(root: FileSystemDirectoryHandle, onBatch: (entries: WalkEntry[]) => Promise<void>): Promise<ScanResult> {
    try {
      return { ok: true, summary: await walkFolder(root, onBatch) };
    } catch (e) {
      const permission = e instanceof ScanPermissionError;
      return { ok: false, permission, error: permission ? (e as Error).message : `The folder could not be read (${(e as Error).message}).` };
    }
  },
};

export type ScanApi = typeof scanApi;
