import type { IndexableType, Table } from 'dexie';
import type { ShoeboxDb } from '../db';
import { setLastBackupAt } from '../settings-repo';
import { albumRecords } from '../album-manage';
import type { ImageRow, PhotoRow } from '../types';
import { BACKUP_FORMAT, BACKUP_VERSION, ENTRY, PAGE, SHARD_BYTES, SHARD_TILES, shardNames, type BackupProgress, type FileRecord, type Manifest, type NameRecord, type PhotoRecord, type TileRecord } from './format';
import { TextReader, ZipWriter } from './zip';

interface Options {
  tiles: boolean;
  signal?: AbortSignal;
  onProgress?: (p: BackupProgress) => void;
}

/** Rows after `after` in primary-key order, one page: the only way the exporter reads a table. */
async function pageAfter<T, K, I>(table: Table<T, K, I>, after: K | undefined): Promise<T[]> {
  return (after === undefined ? table.orderBy(':id') : table.where(':id').above(after as IndexableType)).limit(PAGE).toArray();
}

/** Every row of a table, a page at a time, mapped to what the backup keeps (undefined: left out). */
async function* paged<T, K, I, R>(table: Table<T, K, I>, key: (row: T) => NoInfer<K>, map: (rows: T[]) => Promise<(R | undefined)[]> | (R | undefined)[]): AsyncGenerator<R[]> {
  let after: K | undefined;
  for (;;) {
    const rows = await pageAfter(table, after);
    if (!rows.length) return;
    yield (await map(rows)).filter((r): r is Awaited<R> => r !== undefined) as R[];
    if (rows.length < PAGE) return;
    after = key(rows[rows.length - 1] as T);
  }
}

/** An NDJSON entry as a stream that reads its next page only when the ZIP asks for more bytes. */
function ndjson<R>(pages: AsyncGenerator<R[]>, signal: AbortSignal | undefined, counted?: (n: number) => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    // A pull that enqueues nothing is not called again (Streams spec): read on past empty pages.
    async pull(controller) {
      for (;;) {
        signal?.throwIfAborted();
        const { value, done } = await pages.next();
        if (done) return controller.close();
        counted?.(value.length);
        if (value.length) return controller.enqueue(encoder.encode(value.map((r) => `${JSON.stringify(r)}\n`).join('')));
      }
    },
    async cancel() {
      await pages.return(undefined);
    },
  }, { highWaterMark: 0 });
}

const isPhoto = (p: PhotoRow) => !p.provisional && !p.id.startsWith('pending:');

function photoRecord({ provisional: _, terms: __, hiddenNames: ___, dupKeys: ____, place: _____, ...p }: PhotoRow): PhotoRecord {
  return p;
}

/**
 * Write the whole catalogue as a ZIP to `target` (a file the person picked, or a download), a page
 * of rows at a time: memory stays flat whatever the library's size. On failure or Cancel the
 * target is aborted (a picked file is left as it was). A finished export is remembered as the
 * last backup.
 */
export async function exportBackup(db: ShoeboxDb, target: WritableStream<Uint8Array>, { tiles, signal, onProgress }: Options): Promise<{ photos: number; tiles: number }> {
  const out = target.getWriter();
  const sink = new WritableStream<Uint8Array>({ write: (chunk) => out.write(chunk), close: () => out.close() });
  const zip = new ZipWriter(sink, { signal, keepOrder: true });
  const named = new Map((await db.people.toArray()).flatMap((p) => (p.name && p.id !== undefined ? [[p.id, p.name] as const] : [])));
  const photos = (await db.photos.count()) - (await db.photos.where(':id').startsWith('pending:').count());
  const counts = {
    sources: await db.sources.count(),
    files: await db.files.count(),
    photos,
    names: (await db.faces.where('personId').anyOf([...named.keys()]).count()) + (await db.faceHints.count()),
  };
  let done = 0;
  let tilesDone = 0;
  const progress = (phase: BackupProgress['phase'], n: number) => onProgress?.({ phase, done: n, total: photos });
  try {
    const manifest: Manifest = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: new Date().toISOString(), counts, tiles };
    await zip.add(ENTRY.manifest, new TextReader(JSON.stringify(manifest, null, 2)), { level: 6 });
    const sources = await db.sources.toArray();
    const folder = new Map(sources.map((s) => [s.id, s.name]));
    // Light deflate for the text: most of its size goes at level 1, for a fraction of level 6's time.
    const text = { level: 1 };
    await zip.add(ENTRY.sources, ndjson((async function* () { yield sources.map((s) => ({ name: s.name, kind: s.kind })); })(), signal), text);
    await zip.add(ENTRY.photos, ndjson(paged(db.photos, (p) => p.id, (rows) => rows.map((p) => (isPhoto(p) ? photoRecord(p) : undefined))), signal, (n) => progress('photos', (done += n))), text);
    await zip.add(ENTRY.names, ndjson(nameRecords(db, named), signal), text);
    // A few hundred rows at most: one page.
    await zip.add(ENTRY.albums, ndjson((async function* () { yield await albumRecords(db); })(), signal), text);
    await zip.add(ENTRY.taught, ndjson((async function* () { yield await db.taught.toArray(); })(), signal), text);
    await zip.add(ENTRY.files, ndjson(paged(db.files, (f) => f.id as number, (rows) => rows.map((f): FileRecord => ({
      source: folder.get(f.sourceId) ?? 'Unknown folder', path: f.path, size: f.size, mtime: f.mtime, hash: f.hash, status: f.status, error: f.error, mediaType: f.mediaType, shot: f.shot, pairedShot: f.pairedShot,
    }))), signal), text);
    if (tiles) tilesDone = await writeTiles(db, zip, signal, (n) => progress('tiles', n));
    await zip.close();
  } catch (e) {
    await out.abort(e).catch(() => undefined);
    signal?.throwIfAborted();
    throw e;
  }
  await setLastBackupAt(db, Date.now());
  return { photos: done, tiles: tilesDone };
}

/**
 * The tiles in shards (format.ts): each .bin entry is a stream that reads the next page of tiles
 * only when the ZIP asks for more bytes, and its index (at most SHARD_TILES lines) follows it.
 * Tiles of stand-in photos (`pending:` ids) stay behind, as their photos do.
 */
async function writeTiles(db: ShoeboxDb, zip: ZipWriter<unknown>, signal: AbortSignal | undefined, counted: (n: number) => void): Promise<number> {
  const pages = paged(db.thumbs, (t) => t.id, (rows) => rows.map((t) => (isTileOfPhoto(t) ? t : undefined)));
  const tiles = (async function* () {
    for await (const page of pages) yield* page;
  })();
  let next = await tiles.next();
  let done = 0;
  for (let shard = 1; !next.done; shard++) {
    const index: TileRecord[] = [];
    let offset = 0;
    const data = new ReadableStream<Uint8Array>({
      async pull(controller) {
        signal?.throwIfAborted();
        if (next.done || index.length >= SHARD_TILES || offset >= SHARD_BYTES) return controller.close();
        const tile = next.value;
        const bytes = new Uint8Array(await tile.blob.arrayBuffer());
        index.push({ id: tile.id, type: tile.blob.type || 'image/webp', offset, size: bytes.length });
        offset += bytes.length;
        controller.enqueue(bytes);
        next = await tiles.next();
        if (++done % PAGE === 0) counted(done);
      },
      async cancel() {
        await tiles.return(undefined);
      },
    }, { highWaterMark: 0 });
    const names = shardNames(shard);
    await zip.add(names.data, data, { level: 0 });
    await zip.add(names.index, new TextReader(index.map((t) => `${JSON.stringify(t)}\n`).join('')), { level: 1 });
  }
  counted(done);
  return done;
}

const isTileOfPhoto = (t: ImageRow) => /^[0-9a-f]{64}$/.test(t.id);

/** Names of faces of named people, and names still waiting for their faces, a page at a time. */
async function* nameRecords(db: ShoeboxDb, named: Map<number, string>): AsyncGenerator<NameRecord[]> {
  yield* paged(db.faces, (f) => f.id, (rows) => rows.map((f) => {
    const name = f.personId === undefined ? undefined : named.get(f.personId);
    return name ? { photo: f.photoId, box: f.box, name } : undefined;
  }));
  yield* paged(db.faceHints, (h) => h.id as number, (rows) => rows.map((h) => ({ photo: h.photoId, box: h.box, name: h.name })));
}
