import { wrap } from 'comlink';
import { catalog, type ShoeboxDb } from '../catalog/db';
import { describeError } from '../catalog/errors';
import { filesOfPhoto, markForReindex } from '../catalog/file-repo';
import { getPhoto, writeProgress } from '../catalog/photo-repo';
import { addSource, getSource, listSources } from '../catalog/source-repo';
import { motionOf } from '../catalog/stack-repo';
import type { FileRow, SourceRow } from '../catalog/types';
import { canRead, fileAt, reconnect as askAgain, type PickedFiles } from '../library/pick';
import type { ImagingApi } from '../imaging/imaging-api';
import { FIRST_TILE_CAP_MS, Indexer } from './indexer';
import { SidecarWriter } from './sidecar-writer';
import { FolderCatalogue } from './folder-sync';
import { spawnImagingWorker } from './pool';
import { beginImport, prepareScan, scanSource, type ScanReport } from './scanner';
import { hasSessionFiles, rememberFiles, sessionFile, sessionFiles } from './session-files';

export type SourceState = 'connected' | 'needs-permission' | 'pick-again';

/**
 * What the UI may ask of the library: add folders, rescan, reconnect, pause/resume/cancel, open an
 * original. Scanning and indexing run in workers; this only orchestrates.
 */
export class LibraryService {
  readonly indexer: Indexer;
  /** XMP sidecars for the photos the person changed, when they turned writing on (Settings). */
  readonly sidecars: SidecarWriter;
  /** The catalogue kept in each granted folder (`.shoebox/`), merged across devices, when turned on (Settings). */
  readonly folderCatalogue: FolderCatalogue;
  private scans = 0;
  /** Aborts the scans of the import under way (Cancel). */
  private scanning = new AbortController();

  constructor(readonly db: ShoeboxDb = catalog()) {
    this.indexer = new Indexer(db, () => this.scans > 0);
    this.sidecars = new SidecarWriter(db);
    this.folderCatalogue = new FolderCatalogue(db);
    // An edit undone on another device: the files' own values come back from a scan (metadata only).
    this.folderCatalogue.onReread = () => void this.rescan().catch(() => undefined);
    // Edits heard in the last second go to the folder before the page goes away.
    globalThis.addEventListener?.('pagehide', () => this.folderCatalogue.flushSoon());
    globalThis.document?.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.folderCatalogue.flushSoon();
    });
  }

  /** Scan sources one after another; indexing starts with the first files queued. */
  private async scanAll(sources: readonly { source: SourceRow & { id: number }; files?: readonly (readonly [string, File])[] }[]): Promise<ScanReport[]> {
    await beginImport(this.db);
    if (this.scans === 0) {
      this.scanning = new AbortController();
      this.indexer.rearm();
    }
    const { signal } = this.scanning;
    this.scans++;
    const reports: ScanReport[] = [];
    try {
      for (const { source, files } of sources) {
        if (signal.aborted) break;
        reports.push(await scanSource(this.db, source, { files, signal, onQueued: () => this.queued() }));
      }
    } catch (e) {
      // A scan whose writes fail must not leave the import "scanning" for ever: say why it stopped.
      await writeProgress(this.db, { state: 'error', message: describeError(e) }).catch(() => undefined);
      throw e;
    } finally {
      this.scans--;
    }
    if (!signal.aborted) await this.indexer.start();
    // A rescan reads the folders' catalogues too (another device may have written since).
    void this.folderCatalogue.syncAll();
    return reports;
  }

  /** Persistent storage keeps the browser from evicting the catalogue under pressure. */
  private async askPersistence(): Promise<void> {
    try {
      if (navigator.storage?.persisted && !(await navigator.storage.persisted())) await navigator.storage.persist();
    } catch {
      // Not granted (headless and uninstalled browsers usually say no): the catalogue still works,
      // the browser may just evict it under storage pressure.
    }
  }

  private async importSource(source: SourceRow & { id: number }, files?: readonly (readonly [string, File])[]): Promise<ScanReport> {
    const [report] = await this.scanAll([{ source, files }]);
    return report as ScanReport;
  }

  /** An import is about to begin (the folder picker is open): start the workers it will need. */
  prepareImport(): void {
    this.indexer.warmUp();
    prepareScan();
  }

  /** Files were queued: index them; a walk's first batch hears when their first tile is on screen (`Indexer.firstTile`). */
  private queued(): Promise<void> {
    void this.indexer.start();
    return this.indexer.firstTile(FIRST_TILE_CAP_MS);
  }

  async addFolder(handle: FileSystemDirectoryHandle): Promise<ScanReport> {
    this.prepareImport();
    void this.askPersistence();
    const source = await addSource(this.db, { name: handle.name, kind: 'fsa', handle });
    return this.importSource(source);
  }

  /** Fallback input: the files live only as long as this page (degraded mode). */
  async addPicked(picked: PickedFiles, kind: 'input' | 'demo' = 'input'): Promise<ScanReport> {
    if (kind === 'input') void this.askPersistence();
    const source = await addSource(this.db, { name: picked.name, kind });
    rememberFiles(source.id, picked.files);
    return this.importSource(source, picked.files);
  }

  /** The bundled demo photos, fetched from the app's own origin. */
  async addDemo(base = import.meta.env.BASE_URL): Promise<ScanReport> {
    const manifest = (await (await fetch(`${base}demo/manifest.json`)).json()) as { files: { path: string; mtime: number }[] };
    const files = await Promise.all(
      manifest.files.map(async ({ path, mtime }) => {
        const blob = await (await fetch(`${base}demo/${path}`)).blob();
        const name = path.split('/').pop() as string;
        return [path, new File([blob], name, { type: blob.type, lastModified: mtime })] as const;
      }),
    );
    return this.addPicked({ name: 'Demo library', files: files.map(([p, f]) => [p, f]) }, 'demo');
  }

  async sourceState(source: SourceRow): Promise<SourceState> {
    if (source.handle) return (await canRead(source.handle)) ? 'connected' : 'needs-permission';
    return source.id !== undefined && hasSessionFiles(source.id) ? 'connected' : 'pick-again';
  }

  async sources(): Promise<(SourceRow & { state: SourceState })[]> {
    const rows = await listSources(this.db);
    return Promise.all(rows.map(async (s) => ({ ...s, state: await this.sourceState(s) })));
  }

  /** The sources whose files can be read now (granted folders, and files picked in this session). */
  private async connected(): Promise<{ source: SourceRow & { id: number }; files?: [string, File][] }[]> {
    const connected: { source: SourceRow & { id: number }; files?: [string, File][] }[] = [];
    for (const source of await listSources(this.db)) {
      if (source.id === undefined || (await this.sourceState(source)) !== 'connected') continue;
      connected.push({ source: source as SourceRow & { id: number }, files: source.handle ? undefined : sessionFiles(source.id) });
    }
    return connected;
  }

  /** Rescan every connected folder: only new and changed files are decoded. */
  async rescan(): Promise<ScanReport[]> {
    return this.scanAll(await this.connected());
  }

  /** Analyse every photo again (new models, another backend); the person's choices stay. */
  async reindexAll(): Promise<ScanReport[]> {
    const connected = await this.connected();
    await markForReindex(this.db, connected.map((c) => c.source.id));
    return this.scanAll(connected);
  }

  /** Ask for permission again (from a click), then catch up with what changed meanwhile. */
  async reconnect(sourceId: number): Promise<boolean> {
    const source = await getSource(this.db, sourceId);
    if (!source?.handle || !(await askAgain(source.handle))) return false;
    await this.rescan();
    return true;
  }

  /** Stop the import: scans end where they are, queued files stay pending for the next rescan. */
  async cancel(): Promise<void> {
    this.scanning.abort();
    await this.indexer.cancel();
  }

  /** On start-up: continue an import a closed tab left unfinished. */
  async resumeUnfinished(): Promise<void> {
    void this.sidecars.resume();
    void this.folderCatalogue.resume();
    if ((await this.db.jobs.count()) > 0) void this.indexer.start();
  }

  /** The granted folders (those a sidecar can be written into). */
  async folders(): Promise<FileSystemDirectoryHandle[]> {
    return (await listSources(this.db)).flatMap((s) => (s.handle ? [s.handle] : []));
  }

  /**
   * The original file of a photo, from whichever connected source has it: a file indexed, or one
   * listed with a problem of its own (a video this browser cannot play), never one whose bytes
   * have changed since (pending) or gone.
   */
  async original(photoId: string): Promise<File | undefined> {
    for (const file of await filesOfPhoto(this.db, photoId)) {
      if (file.status !== 'indexed' && file.status !== 'unsupported') continue;
      const opened = await this.open(file);
      if (opened) return opened;
    }
    return undefined;
  }

  /** A file on disk, when its folder is connected (a `File` reads lazily: nothing is copied). */
  private async open(file: FileRow): Promise<File | undefined> {
    const inMemory = sessionFile(file.sourceId, file.path);
    if (inMemory) return inMemory;
    const source = await getSource(this.db, file.sourceId);
    if (!source?.handle || !(await canRead(source.handle))) return undefined;
    try {
      return await fileAt(source.handle, file.path);
    } catch {
      return undefined; // moved since the last scan
    }
  }

  /**
   * A live photo's motion, streamed from its folder: a Live Photo's MOV as it is, a Motion
   * Photo's video as a slice of its own file. Never copied into the catalogue.
   */
  async motion(photoId: string): Promise<Blob | undefined> {
    const photo = await getPhoto(this.db, photoId);
    for (const { file, range } of photo ? await motionOf(this.db, photo) : []) {
      const opened = await this.open(file);
      if (!opened) continue;
      if (!range) return opened;
      if (range.start >= 0 && range.start + range.length <= opened.size) return opened.slice(range.start, range.start + range.length, 'video/mp4');
    }
    return undefined;
  }

  /**
   * The original of a photo the browser cannot show (HEIC), decoded whole in an imaging worker
   * started for it and ended after, so the decoder's memory goes with the worker.
   */
  async fullResolution(photoId: string): Promise<Blob | undefined> {
    const file = await this.original(photoId);
    if (!file) return undefined;
    const worker = spawnImagingWorker();
    try {
      return await wrap<ImagingApi>(worker.endpoint).fullResolution(file);
    } finally {
      worker.terminate();
    }
  }
}
