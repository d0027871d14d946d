/**
 * Files picked through the fallback input (or fetched for the demo) exist only for this page's
 * life: the browser gives no handle to keep. After a reload such a source must be picked again.
 */
const bySource = new Map<number, Map<string, File>>();

export function rememberFiles(sourceId: number, files: Iterable<[path: string, file: File]>): void {
  const map = bySource.get(sourceId) ?? new Map<string, File>();
  for (const [path, file] of files) map.set(path, file);
  bySource.set(sourceId, map);
}

export function sessionFile(sourceId: number, path: string): File | undefined {
  return bySource.get(sourceId)?.get(path);
}

export function hasSessionFiles(sourceId: number): boolean {
  return bySource.has(sourceId);
}

/** All files remembered for a source, to rescan it without a handle. */
export function sessionFiles(sourceId: number): [string, File][] | undefined {
  const map = bySource.get(sourceId);
  return map && [...map];
}
