import { BACKUP_FORMAT, ENTRY, ImportError, READABLE_VERSIONS, TILE_NAME, TILE_TYPES, shardNames, type RecordKind, type TileRecord } from './format';
import { check, type Parsed } from './schema';
import { BlobReader, BlobWriter, ZipReader, type FileEntry } from './zip';

/** A backup opened for reading: records checked one at a time, and tiles, in any number of passes. */
export interface BackupReader {
  version: (typeof READABLE_VERSIONS)[number];
  /** Photos the backup says it holds (for progress). */
  photoCount: number;
  records<K extends RecordKind>(kind: K, signal?: AbortSignal): AsyncGenerator<Parsed[K]>;
  /** Check what can be checked of the tiles before anything is written (their lists; version 1: all). */
  checkTiles(signal?: AbortSignal): Promise<void>;
  tiles(signal?: AbortSignal): AsyncGenerator<BackupTile>;
  close(): Promise<void>;
}

/** A tile read from a backup; `bytes` when they were read into memory anyway (its size is in its header). */
export interface BackupTile {
  id: string;
  name: string;
  blob: Blob;
  bytes?: Uint8Array;
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
  if (version !== 2 && version !== 3) throw new ImportError(unreadable(version));
  const manifest = check('manifest', raw, ENTRY.manifest);
  const shards = version === 3 ? shardsOf(named) : [];
  return {
    version,
    photoCount: manifest.counts.photos,
    async *records(kind, signal) {
      const entry = named.get(ENTRY[kind]);
      if (!entry) {
        // Older backups have no names (v2's first exports), albums or taught labels.
        if (kind === 'names' || kind === 'albums' || kind === 'taught') return;
        throw new ImportError(`This backup has no ${ENTRY[kind]}: it is incomplete.`);
      }
      yield* checkedLines(entry, kind, signal);
    },
    async checkTiles(signal) {
      for (const shard of shards) await shardIndex(shard, signal);
    },
    async *tiles(signal) {
      if (version === 3) {
        for (const shard of shards) yield* shardTiles(shard, await shardIndex(shard, signal), signal);
        return;
      }
      // Version 2: one entry per tile.
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

const unreadable = (version: unknown) => `This backup has format version ${String(version)}; this Shoebox reads versions ${READABLE_VERSIONS.join(', ')}.`;

async function* checkedLines<K extends RecordKind | 'tiles'>(entry: FileEntry, kind: K, signal?: AbortSignal): AsyncGenerator<Parsed[K]> {
  for await (const [line, n] of lines(entry, signal)) {
    const where = `${entry.filename}, line ${n}`;
    yield check(kind, await jsonOf(line, where), where);
  }
}

interface Shard {
  index: FileEntry;
  data: FileEntry;
}

/** Version 3's tile shards, in order: 1, 2, … up to the first number with no data entry. */
function shardsOf(named: Map<string, FileEntry>): Shard[] {
  const shards: Shard[] = [];
  for (let n = 1; ; n++) {
    const names = shardNames(n);
    const data = named.get(names.data);
    const index = named.get(names.index);
    if (!data && !index) return shards;
    if (!data || !index) throw new ImportError(`This backup has ${data ? names.data : names.index} without ${data ? names.index : names.data}: it is incomplete.`);
    shards.push({ index, data });
  }
}

/** A shard's list of tiles, checked: each tile starts where the one before it ended, and the last ends the data. */
async function shardIndex({ index, data }: Shard, signal?: AbortSignal): Promise<TileRecord[]> {
  const list: TileRecord[] = [];
  let end = 0;
  for await (const tile of checkedLines(index, 'tiles', signal)) {
    if (tile.offset !== end) throw new ImportError(`${index.filename}, line ${list.length + 1}, offset: Expected ${end}, where the tile before it ends.`);
    end += tile.size;
    list.push(tile);
  }
  if (end !== data.uncompressedSize) throw new ImportError(`${index.filename} lists ${end} bytes of tiles, but ${data.filename} holds ${data.uncompressedSize}.`);
  return list;
}

/** A shard's tiles, cut from its data as it is read (its CRC is checked once all was read). */
async function* shardTiles({ data }: Shard, list: readonly TileRecord[], signal?: AbortSignal): AsyncGenerator<BackupTile> {
  const chunks = entryChunks(data, signal);
  let chunk: Uint8Array = new Uint8Array(0);
  let at = 0;
  for (const [i, tile] of list.entries()) {
    const bytes = new Uint8Array(tile.size);
    for (let filled = 0; filled < tile.size;) {
      if (at === chunk.length) {
        const next = await chunks.next();
        if (next.done) throw new ImportError(`${data.filename} is damaged: it ends inside tile ${i + 1}.`);
        chunk = next.value;
        at = 0;
      }
      const take = Math.min(tile.size - filled, chunk.length - at);
      bytes.set(chunk.subarray(at, at + take), filled);
      filled += take;
      at += take;
    }
    yield { id: tile.id, name: `${data.filename}, tile ${i + 1}`, blob: new Blob([bytes], { type: tile.type }), bytes };
  }
  // Read to the end: a damaged entry (bad CRC) fails there.
  while (!(await chunks.next()).done);
}

async function jsonOf(line: string, where: string): Promise<unknown> {
  try {
    return JSON.parse(line);
  } catch {
    throw new ImportError(`${where}: not valid JSON.`);
  }
}

/** An entry's bytes as they are inflated (and checked: a damaged entry fails once all it held was read). */
async function* entryChunks(entry: FileEntry, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const pipe = new TransformStream<Uint8Array, Uint8Array>();
  const reading = entry.getData(pipe.writable, { signal }).then(() => undefined, (e: unknown) => e);
  const reader = pipe.readable.getReader();
  let finished = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      yield value;
    }
    finished = true;
  } finally {
    // Left early (a bad record, Cancel): stop inflating the rest.
    if (!finished) await reader.cancel().catch(() => undefined);
  }
  const failed = await reading;
  signal?.throwIfAborted();
  if (failed) throw new ImportError(`${entry.filename} is damaged (${(failed as Error).message ?? String(failed)}).`);
}

/** The lines of an NDJSON entry, with their numbers (from 1), read as the entry is inflated. */
async function* lines(entry: FileEntry, signal?: AbortSignal): AsyncGenerator<[string, number]> {
  const decoder = new TextDecoder();
  let rest = '';
  let n = 0;
  for await (const value of entryChunks(entry, signal)) {
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
  if (data.version !== 1) throw new ImportError(unreadable(data.version));
  const v1Name: Record<RecordKind, string> = { sources: 'sources', files: 'files', photos: 'photos', names: 'faceNames', albums: 'albums', taught: 'taught' };
  const list = (key: string) => {
    const value = data[key] ?? (key === 'faceNames' || key === 'thumbs' || key === 'albums' || key === 'taught' ? [] : undefined);
    if (!Array.isArray(value)) throw new ImportError(`“${key}” is missing or is not a list.`);
    return value as unknown[];
  };
  const reader: BackupReader = {
    version: 1,
    photoCount: list('photos').length,
    async *records(kind) {
      const key = v1Name[kind];
      let i = 0;
      for (const item of list(key)) yield check(kind, item, `${key}[${i++}]`);
    },
    // Version 1's tiles are in memory already: check them all.
    async checkTiles(signal) {
      const tiles = reader.tiles(signal);
      while (!(await tiles.next()).done) signal?.throwIfAborted();
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
  return reader;
}
