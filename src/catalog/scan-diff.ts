import type { FileRow } from './types';

/** What the scan saw of one file: cheap facts only, read before any byte of content. */
export interface SeenFile {
  path: string;
  size: number;
  mtime: number;
  /** Its XMP sidecar, if it has one (walk.ts): another program's edits live there. */
  sidecar?: SidecarFacts;
}

export interface SidecarFacts {
  path: string;
  size: number;
  mtime: number;
}

const sameSidecar = (a: SidecarFacts | undefined, b: SidecarFacts | undefined) =>
  a?.path === b?.path && a?.size === b?.size && a?.mtime === b?.mtime;

export type ScanDecision =
  /** Never seen: index it. */
  | 'new'
  /** Size or mtime differ: the bytes may have changed, index again. */
  | 'changed'
  /** Same bytes (path, size, mtime), but its sidecar came, went or changed (or `reread` asks): read the metadata again. */
  | 'sidecar'
  /** Was missing and is back with the same size and mtime; nothing to decode. */
  | 'returned'
  /** Same path, size and mtime: costs nothing. */
  | 'unchanged'
  /** Same facts, but an earlier attempt did not finish (pending or failed): try again. */
  | 'retry';

/**
 * Decide what a rescan does with one file. Unchanged files cost no decode: the comparison uses
 * only path, size and mtime, as every photo manager's incremental scan does.
 */
export function classify(known: FileRow | undefined, seen: SeenFile): ScanDecision {
  if (!known) return 'new';
  if (known.size !== seen.size || known.mtime !== seen.mtime) return 'changed';
  // Only indexed files carry what their sidecar said; the others are read again anyway. A file
  // whose own values an edit taken away elsewhere had hidden is read again the same way.
  if (known.status === 'indexed' && (known.reread || !sameSidecar(known.sidecar, seen.sidecar))) return known.hash ? 'sidecar' : 'changed';
  switch (known.status) {
    case 'indexed':
    case 'unsupported':
      return 'unchanged';
    case 'missing':
      return known.hash ? 'returned' : 'retry';
    case 'pending':
    case 'failed':
      return 'retry';
  }
}

/**
 * A file already waiting in the queue (an interrupted import, scanned again) needs no second job,
 * unless its sidecar came, went or changed since it was queued: the job queued then would read
 * the file without it (or with the old one), and no later scan would see a difference.
 */
export function queuedAsSeen(known: FileRow, seen: SeenFile): boolean {
  return sameSidecar(known.sidecar, seen.sidecar);
}

/** Paths the catalogue knows for a source that the scan did not see: gone from disk. */
export function vanished(knownPaths: Iterable<string>, seenPaths: ReadonlySet<string>): string[] {
  const gone: string[] = [];
  for (const path of knownPaths) if (!seenPaths.has(path)) gone.push(path);
  return gone;
}
