/**
 * A FileSystemDirectoryHandle look-alike in memory, for code that reads and writes a granted folder:
 * files are byte arrays by path; `createWritable` keeps what is written aside until `close()`, as
 * Chromium's swap file does; `writes` lists every path written; `permission` answers for read-write.
 */
export interface MemoryFolder {
  handle: FileSystemDirectoryHandle;
  files: Map<string, Uint8Array>;
  writes: string[];
  permission: PermissionState;
}

export function memoryFolder(initial: Record<string, string | Uint8Array> = {}): MemoryFolder {
  const files = new Map<string, Uint8Array>(Object.entries(initial).map(([p, v]) => [p, typeof v === 'string' ? new TextEncoder().encode(v) : v]));
  const folder: MemoryFolder = { files, writes: [], permission: 'granted', handle: undefined as unknown as FileSystemDirectoryHandle };
  const notFound = () => new DOMException('not found', 'NotFoundError');
  const fileHandle = (path: string) => ({
    kind: 'file', name: path.split('/').pop(),
    async getFile() {
      const bytes = files.get(path);
      if (!bytes) throw notFound();
      return new File([bytes as Uint8Array<ArrayBuffer>], path.split('/').pop() as string, { lastModified: 1000 + folder.writes.length });
    },
    async createWritable() {
      const parts: BlobPart[] = [];
      return {
        async write(data: BlobPart) { parts.push(data); },
        async abort() { parts.length = 0; },
        async close() {
          files.set(path, new Uint8Array(await new Blob(parts).arrayBuffer()));
          folder.writes.push(path);
        },
      };
    },
  });
  const dirHandle = (prefix: string): FileSystemDirectoryHandle => ({
    kind: 'directory', name: prefix.split('/').filter(Boolean).pop() ?? 'root',
    async getDirectoryHandle(name: string, options?: { create?: boolean }) {
      const inner = `${prefix}${name}/`;
      if (!options?.create && ![...files.keys()].some((p) => p.startsWith(inner))) throw notFound();
      return dirHandle(inner);
    },
    async getFileHandle(name: string, options?: { create?: boolean }) {
      const path = `${prefix}${name}`;
      if (!files.has(path)) {
        if (!options?.create) throw notFound();
        files.set(path, new Uint8Array());
      }
      return fileHandle(path);
    },
    async removeEntry(name: string) {
      if (!files.delete(`${prefix}${name}`)) throw notFound();
    },
    async queryPermission() { return folder.permission; },
    async requestPermission() { return folder.permission; },
  }) as unknown as FileSystemDirectoryHandle;
  folder.handle = dirHandle('');
  return folder;
}
