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
    async createWritable(options?: { keepExistingData?: boolean }) {
      // A swap copy, moved over the file on close (as Chromium does): kept data, positional writes, truncate.
      let swap = options?.keepExistingData ? new Uint8Array(files.get(path) ?? new Uint8Array()) : new Uint8Array();
      let at = 0;
      const put = (bytes: Uint8Array, position = at) => {
        const next = new Uint8Array(Math.max(swap.length, position + bytes.length));
        next.set(swap);
        next.set(bytes, position);
        swap = next;
        at = position + bytes.length;
      };
      const bytesOf = async (data: BlobPart) => new Uint8Array(await new Blob([data]).arrayBuffer());
      return {
        async write(data: BlobPart | { type: 'write'; position?: number; data: BlobPart }) {
          if (typeof data === 'object' && data !== null && 'type' in data && (data as { type: unknown }).type === 'write') {
            const w = data as { position?: number; data: BlobPart };
            put(await bytesOf(w.data), w.position);
          } else put(await bytesOf(data as BlobPart));
        },
        async truncate(size: number) { swap = swap.slice(0, size); at = Math.min(at, size); },
        async abort() { swap = new Uint8Array(); },
        async close() {
          files.set(path, swap);
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
    async *values() {
      const names = new Map<string, 'file' | 'directory'>();
      for (const p of files.keys()) {
        if (!p.startsWith(prefix)) continue;
        const [first, ...rest] = p.slice(prefix.length).split('/');
        names.set(first as string, rest.length ? 'directory' : 'file');
      }
      for (const [name, kind] of names) yield kind === 'file' ? fileHandle(`${prefix}${name}`) : dirHandle(`${prefix}${name}/`);
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
