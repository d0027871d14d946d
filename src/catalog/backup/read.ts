import { BACKUP_FORMAT, ENTRY, ImportError, TILE_NAME, TILE_TYPES, type RecordKind } from './format';
import { check, type Parsed } from './schema';
import { BlobReader, BlobWriter, ZipReader, type FileEntry } from './zip';

/** A backup opened for reading: records checked one at a time, and tiles, in any number of passes. */
export interface BackupReader {
  version: 1 | 2;
  /** Photos the backup says it holds (for progress). */
  photoCount: number;
  records<K extends RecordKind>(kind: K, signal?: AbortSignal): AsyncGenerator<Parsed[K]>;
  tiles(signal?: AbortSignal): AsyncGenerator<{ id: string; name: string; blob: Blob }>;
  close(): Promise<void>;
}

const NOT_A_BACKUP = 'is not a Shoebox backup: it is neither a ZIP nor a valid JSON catalogue.';
/** A longer line is not a record Shoebox wrote (the longest are photos with many labels, a few KB). */
const MAX_LINE = 4 << 20;

/** Open a backup file: a ZIP (version 2), or the single JSON document of version 1. */
export async function openBackup(file: Blob, name = 'This file'): Promise<BackupReader> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  const isZip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  return isZip ? openZip(file, name) : openJson(file, name);
}

async function openZip(file: Blob, name: string): Promise<BackupReader> {
  const zip = new ZipReader(new BlobReader(file), { checkSignature: true });
  const named = new Map<string, FileEntry>();
  try {
    for await (const entry of zip.getEntriesGenerator()) {
      if (!entry.directory && !entry.filename.startsWith('thumbs/')) named.set(entry.filename, entry);
    }
  } catch {
    throw new ImportError(`“${name}” is a damaged ZIP: its table of contents cannot be read.`);
  }
  const manifestEntry = named.get(ENTRY.manifest);
  if (!manifestEntry) throw new ImportError(`“${name}” is a ZIP but not a Shoebox backup (it has no ${ENTRY.manifest}).`);
  const raw = await jsonOf(await manifestEntry.getData(new BlobWriter()).then((b) => b.text()), ENTRY.manifest);
  if ((raw as { format?: unknown })?.format !== BACKUP_FORMAT) throw new ImportError(`“${name}” is a ZIP but not a Shoebox backup.`);
  const version = (raw as { version?: unknown }).version;
  if (version !== 2) throw new ImportError(`This backup has format version ${String(version)}; this Shoebox reads versions 1 and 2.`);
  const manifest = check('manifest', raw, ENTRY.manifest);
  return {
    version: 2,
    photoCount: manifest.counts.photos,
    async *records(kind, signal) {
      const entry = named.get(ENTRY[kind]);
      if (!entry) {
        if (kind === 'names') return;
        throw new ImportError(`This backup has no ${ENTRY[kind]}: it is incomplete.`);
      }
      for await (const [line, n] of lines(entry, signal)) yield check(kind, await jsonOf(line, `${ENTRY[kind]}, line ${n}`), `${ENTRY[kind]}, line ${n}`);
    },
    async *tiles(signal) {
      for await (const entry of zip.getEntriesGenerator()) {
        signal?.throwIfAborted();
        const match = TILE_NAME.exec(entry.filename);
        if (entry.directory || !match) continue;
        const type = TILE_TYPES[match[2] as string] as string;
        yield { id: match[1] as string, name: entry.filename, blob: await entry.getData(new BlobWriter(type), { signal }) };
      }
    },
    close: () => zip.close(),
  };
}

async function jsonOf(line: string, where: string): Promise<unknown> {
  try {
    return JSON.parse(line);
  } catch {
    throw new ImportError(`${where}: not valid JSON.`);
  }
}

/** The lines of an NDJSON entry, with their numbers (from 1), read as the entry is inflated. */
async function* lines(entry: FileEntry, signal?: AbortSignal): AsyncGenerator<[string, number]> {
  const pipe = new TransformStream<Uint8Array, Uint8Array>();
  const reading = entry.getData(pipe.writable, { signal }).then(() => undefined, (e: unknown) => e);
  const reader = pipe.readable.getReader();
  const decoder = new TextDecoder();
  let rest = '';
  let n = 0;
  let finished = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += decoder.decode(value, { stream: true });
      const parts = rest.split('\n');
      rest = parts.pop() as string;
      if (rest.length > MAX_LINE) throw new ImportError(`${entry.filename}, line ${n + parts.length + 1}: the line is too long to be a record.`);
      for (const line of parts) {
        n++;
        if (line.trim()) yield [line, n];
      }
    }
    rest += decoder.decode();
    finished = true;
  } finally {
    // Left early (a bad record, Cancel): stop inflating the rest.
    if (!finished) await reader.cancel().catch(() => undefined);
  }
  // A damaged entry (bad CRC, cut short) fails once all it held was read.
  const failed = await reading;
  signal?.throwIfAborted();
  if (failed) throw new ImportError(`${entry.filename} is damaged (${(failed as Error).message ?? String(failed)}).`);
  if (rest.trim()) yield [rest, n + 1];
}

/** Version 1: one JSON document (it fitted in a string when it was written, so it does again). */
async function openJson(file: Blob, name: string): Promise<BackupReader> {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(await file.text()) as Record<string, unknown>;
  } catch {
    throw new ImportError(`“${name}” ${NOT_A_BACKUP}`);
  }
  if (!data || typeof data !== 'object' || data.format !== BACKUP_FORMAT) throw new ImportError(`“${name}” is not a Shoebox backup.`);
  if (data.version !== 1) throw new ImportError(`This backup has format version ${String(data.version)}; this Shoebox reads versions 1 and 2.`);
  const v1Name: Record<RecordKind, string> = { sources: 'sources', files: 'files', photos: 'photos', names: 'faceNames' };
  const list = (key: string) => {
    const value = data[key] ?? (key === 'faceNames' || key === 'thumbs' ? [] : undefined);
    if (!Array.isArray(value)) throw new ImportError(`“${key}” is missing or is not a list.`);
    return value as unknown[];
  };
  return {
    version: 1,
    photoCount: list('photos').length,
    async *records(kind) {
      const key = v1Name[kind];
      let i = 0;
      for (const item of list(key)) yield check(kind, item, `${key}[${i++}]`);
    },
    async *tiles() {
      let i = 0;
      for (const t of list('thumbs') as { id?: unknown; type?: unknown; data?: unknown }[]) {
        const where = `thumbs[${i++}]`;
        if (typeof t?.id !== 'string' || !/^[0-9a-f]{64}$/.test(t.id)) throw new ImportError(`${where}.id: Expected a SHA-256 content hash.`);
        if (typeof t.data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(t.data)) throw new ImportError(`${where}.data: Expected base64.`);
        yield { id: t.id, name: where, blob: new Blob([Uint8Array.from(atob(t.data), (c) => c.charCodeAt(0))], { type: typeof t.type === 'string' ? t.type : 'image/webp' }) };
      }
    },
    close: async () => undefined,
  };
}
