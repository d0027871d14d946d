import type { AlbumWork, PhotoWork, Value } from './folder-doc';
import { FolderDoc } from './folder-ydoc';

/**
 * The folder catalogues' documents, kept in a worker (workers/folder.worker.ts): Yjs decoding and
 * merging takes about a second per 10,000 edited photos on a slow machine, too long for the page.
 * One document per granted folder, by the folder's source id. Everything passed in and out is
 * structured-cloneable (Maps, arrays, bytes).
 */
export type Changes = Map<string, Map<string, { old: Value; now: Value }>>;

export function createFolderApi() {
  const docs = new Map<number, FolderDoc>();
  const docOf = (key: number) => {
    const doc = docs.get(key);
    if (!doc) throw new Error('That folder’s catalogue is not open.');
    return doc;
  };
  return {
    /** Open a folder's document from this device's last seen state; returns the photos it speaks of. */
    load(key: number, snapshot?: Uint8Array): string[] {
      const doc = new FolderDoc(snapshot);
      docs.set(key, doc);
      return [...doc.photos()];
    },
    forget(key: number): void {
      docs.delete(key);
    },
    applyUpdates(key: number, updates: Uint8Array[]): { photos: Changes; albums: boolean; bad: number[] } {
      return docOf(key).applyUpdates(updates);
    },
    entriesOf(key: number, ids: string[]): Map<string, Map<string, Value>> {
      const doc = docOf(key);
      return new Map(ids.map((id) => [id, doc.entriesOf(id)]));
    },
    write(key: number, photos: Map<string, PhotoWork>, albums?: AlbumWork[]): Uint8Array | undefined {
      return docOf(key).write(photos, albums);
    },
    albums(key: number): { id: string; album?: AlbumWork }[] {
      return docOf(key).albums();
    },
    snapshot(key: number): Uint8Array {
      return docOf(key).snapshot();
    },
  };
}

export type FolderApi = ReturnType<typeof createFolderApi>;

/** The worker's one API object. */
export const folderApi = createFolderApi();
