import type { ShoeboxDb } from '../catalog/db';
import { isQuotaError } from '../catalog/errors';
import { onCatalogueChange } from '../catalog/live';
import { wrap } from 'comlink';
import { adoptPhoto, mergePhoto, type PhotoWork } from '../catalog/folder-doc';
import type { FolderApi } from '../catalog/folder-api';
import { readLog } from '../catalog/folder-log';
import {
  albumWork, folderCatalogueSettings, folderDocSnapshot, folderSyncStatus, localWork, photosHere, photosInSource, saveFolderDoc, setFolderCatalogueSettings,
  setFolderSyncStatus, sourcePhotoIds, writeAlbumWork, writeWork, pendingFolderWork, setPendingFolderWork,
} from '../catalog/folder-work-repo';
import { onWorkChange } from '../catalog/sidecar-repo';
import { photoIdsOfPeople } from '../catalog/face-repo';
import { listSources } from '../catalog/source-repo';
import type { FolderCatalogueSettings, FolderSyncStatus, SourceRow } from '../catalog/types';
import { appendChanges, readFolderFiles, writeDeviceName } from '../library/folder-files';
import { askToWrite, canWrite } from '../library/sidecar-files';

/** After an edit, the folder is written once the person has paused this long. */
export const FOLDER_DEBOUNCE_MS = 1000;
/** Photos read and written per transaction. */
const BATCH = 500;

type Folder = SourceRow & { id: number };

/** Why a folder could not be read or written, in words. */
function why(e: unknown): string {
  const name = (e as { name?: string } | null)?.name;
  if (name === 'NotFoundError') return 'the folder is not there any more: moved, renamed or deleted? Add it again';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'Shoebox may not write to it now';
  if (isQuotaError(e)) return 'the disk is full';
  return (e as Error)?.message ?? String(e);
}

/**
 * The folder documents' API, in a worker (or, in the unit tests, in process). The Yjs documents
 * live only there: nothing on the page imports folder-api.ts, which keeps Yjs out of its bundle.
 */
export type FolderDocs = { [K in keyof FolderApi]: (...args: Parameters<FolderApi[K]>) => Promise<ReturnType<FolderApi[K]>> };

function spawnFolderWorker(): FolderDocs {
  const worker = new Worker(new URL('../../workers/folder.worker.ts', import.meta.url), { type: 'module', name: 'folder' });
  return wrap<FolderApi>(worker) as unknown as FolderDocs;
}

interface Open {
  /** The document's key in the worker (the folder's source id). */
  key: number;
  /** Records of each device's file already applied in this session: only newer ones are read again. */
  applied: Map<string, number>;
  /** Photos the folder speaks of that this device has not indexed yet: they take the folder's work when they arrive. */
  awaiting: Set<string>;
  /** Where this device's own change file ends, whole. */
  whole: number;
  /** Changes this device has written to its own file (kept in the folder's status). */
  ownChanges: number;
}

/**
 * The catalogue kept in each granted folder (`.shoebox/`), when the person turns it on (Settings):
 * the person's edits, albums, names and stacks, merged across every device that opens the folder
 * through whatever syncs it (Syncthing, Dropbox, iCloud Drive, a NAS).
 *
 * - An edit here is written into the folder's document (folder-doc.ts) and appended to this
 *   device's change file, shortly after (debounced, batched).
 * - On start, on a rescan and on "Sync now", every device's change file is read and merged; what
 *   the other devices decided is written into the catalogue as the person's edits, except where
 *   the person changed the same thing here since this device last synced: theirs is newer, so it
 *   stays and goes to the folder.
 * - This device's last seen document is kept in IndexedDB: the base of that three-way choice.
 *
 * Yjs runs in a worker (catalog/folder-api.ts): a first sync of 10,000 edited photos is about a
 * second of decoding and merging (tests/unit/folder-catalogue.test.ts measures it).
 */
export class FolderCatalogue {
  private open = new Map<number, Open>();
  private pending = new Set<string>();
  /** People renamed whose photos are being looked up: waited for before writing. */
  private lookups = new Set<Promise<void>>();
  private albumsTouched = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stop: (() => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private settings: FolderCatalogueSettings | undefined;
  /** Called after every sync or write, for Settings. */
  onStatus: () => void = () => undefined;

  constructor(
    private readonly db: ShoeboxDb,
    private readonly delayMs = FOLDER_DEBOUNCE_MS,
    /** A seam: tests hand in folders that cannot be stored in IndexedDB. */
    private readonly folderOf: (source: SourceRow) => FileSystemDirectoryHandle | undefined = (source) => source.handle,
    private readonly makeDocs: () => FolderDocs = spawnFolderWorker,
  ) {}

  private docsNow: FolderDocs | undefined;
  /** The folder took away edits whose files' own values must be read again (FileRow `reread`): the library rescans. */
  onReread: (() => void) | undefined;
  private get docs(): FolderDocs {
    this.docsNow ??= this.makeDocs();
    return this.docsNow;
  }

  async current(): Promise<FolderCatalogueSettings> {
    this.settings ??= await folderCatalogueSettings(this.db);
    return this.settings;
  }

  /** One thing at a time: a sync, a write; and one tab at a time (Web Locks), so a device's file has one writer. */
  private serial<T>(job: () => Promise<T>): Promise<T> {
    const locked = () => (globalThis.navigator?.locks ? (navigator.locks.request('shoebox-folder-catalogue', job) as Promise<T>) : job());
    const run = this.queue.then(locked, locked);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * On start-up: if it is on, listen and sync the folders Shoebox may still write to, with the
   * edits a tab closed before it wrote them (remembered as they were heard).
   */
  async resume(): Promise<void> {
    if (!(await this.current()).write) return;
    for (const id of await pendingFolderWork(this.db).catch(() => [])) this.pending.add(id);
    // Albums set up are a few hundred rows: written again at every start (a no-op where the folder has them).
    this.albumsTouched = true;
    this.listen();
    await this.syncAll();
  }

  /**
   * The photos whose edits wait to be written, kept in the catalogue as soon as they are heard: a
   * tab closed before the write loses none of them. Written only when the set changed (a settings
   * write is heard as a possible album change, which must not echo).
   */
  private remember(): void {
    this.remembering = this.remembering.then(async () => {
      const ids = [...this.pending].sort();
      const said = ids.join();
      if (said === this.remembered) return;
      await setPendingFolderWork(this.db, ids);
      this.remembered = said;
    }).catch(() => undefined);
  }

  private remembering: Promise<void> = Promise.resolve();
  private remembered = '';

  /** Turn it on (from a click: write permission is asked for here, once) or off. False: a folder refused, it stays off. */
  async setWrite(write: boolean): Promise<boolean> {
    const folders = await this.folders();
    if (write) {
      for (const source of folders) {
        const folder = this.folderOf(source);
        if (folder && !(await askToWrite(folder))) return false;
      }
    }
    this.settings = { ...(await this.current()), write };
    await setFolderCatalogueSettings(this.db, this.settings);
    if (!write) {
      this.stop?.();
      this.stop = undefined;
      clearTimeout(this.timer);
      this.onStatus();
      return true;
    }
    this.listen();
    // The folders' work comes in first; then all of this device's, where it differs (it may be older than the folder's only where it was synced before).
    for (const source of folders) {
      await this.serial(() => this.syncFolder(source)).catch(() => undefined);
      await this.serial(() => this.writeEverything(source)).catch(() => undefined);
    }
    this.onStatus();
    return true;
  }

  async setDeviceName(name: string): Promise<void> {
    this.settings = { ...(await this.current()), deviceName: name.trim().slice(0, 100) };
    await setFolderCatalogueSettings(this.db, this.settings);
    if (this.settings.write) await this.syncAll();
  }

  /** Read every folder's change files now, and write this device's pending edits. */
  async syncAll(): Promise<void> {
    if (!(await this.current()).write) return;
    for (const source of await this.folders()) await this.serial(() => this.syncFolder(source)).catch(() => undefined);
    this.onStatus();
  }

  /** Write what is waiting now (the page is being hidden or closed). */
  flushSoon(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.serial(() => this.writePending());
  }

  private async folders(): Promise<Folder[]> {
    return (await listSources(this.db)).filter((s): s is Folder => s.kind === 'fsa' && s.id !== undefined && !!this.folderOf(s));
  }

  private listen(): void {
    if (this.stop) return;
    const stopWork = onWorkChange(this.db, (change) => {
      for (const id of change.photoIds) this.pending.add(id);
      if (change.everything) this.albumsTouched = true;
      this.remember();
      // A person named or renamed: every photo of their faces says the new name.
      if (change.personIds.length) {
        const lookup = photoIdsOfPeople(this.db, change.personIds).then((ids) => {
          for (const id of ids) this.pending.add(id);
          this.remember();
        }, () => undefined).finally(() => this.lookups.delete(lookup));
        this.lookups.add(lookup);
      }
      this.schedule();
    });
    const base = `idb://${this.db.name}/settings/`;
    const stopAlbums = onCatalogueChange((parts) => {
      if (Object.keys(parts ?? {}).some((p) => p.startsWith(base))) {
        this.albumsTouched = true;
        this.schedule();
      }
    });
    this.stop = () => {
      stopWork();
      stopAlbums();
    };
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.serial(() => this.writePending()).then(() => this.onStatus(), () => this.onStatus());
    }, this.delayMs);
  }

  private async load(source: Folder): Promise<Open> {
    let open = this.open.get(source.id);
    if (open) return open;
    const ids = await this.docs.load(source.id, await folderDocSnapshot(this.db, source.id));
    const here = new Set<string>();
    for (let i = 0; i < ids.length; i += BATCH) for (const id of await photosHere(this.db, ids.slice(i, i + BATCH))) here.add(id);
    const ownChanges = (await folderSyncStatus(this.db, source.id))?.ownChanges ?? 0;
    open = { key: source.id, applied: new Map(), awaiting: new Set(ids.filter((id) => !here.has(id))), whole: -1, ownChanges };
    this.open.set(source.id, open);
    return open;
  }

  private async writable(source: Folder): Promise<FileSystemDirectoryHandle | undefined> {
    const folder = this.folderOf(source);
    if (folder && (await canWrite(folder).catch(() => false))) return folder;
    await setFolderSyncStatus(this.db, source.id, { notes: ['Shoebox may not write to this folder now (permission was withdrawn, or the folder is gone). Your work is kept here; it goes to the folder once you reconnect it.'] });
    return undefined;
  }

  /** Read every device's changes in the folder, take in what the others decided, write what this device kept. */
  private async syncFolder(source: Folder): Promise<void> {
    const folder = await this.writable(source);
    if (!folder) return;
    const settings = await this.current();
    const open = await this.load(source);
    const notes: string[] = [];
    let files;
    try {
      files = await readFolderFiles(folder);
    } catch (e) {
      await setFolderSyncStatus(this.db, source.id, { notes: [`The folder's catalogue could not be read (${why(e)}). Nothing was changed.`] });
      throw e;
    }
    for (const name of files.foreign) notes.push(`.shoebox/devices/${name} is not a Shoebox change file; it was left alone.`);
    const updates: Uint8Array[] = [];
    const fresh = new Map<string, number>();
    let ownWentBack = false;
    const devices: FolderSyncStatus['devices'] = [];
    for (const device of files.devices) {
      const label = `.shoebox/devices/${device.id}.bin`;
      const log = readLog(device.bytes, label);
      notes.push(...log.notes);
      if (device.id === settings.deviceId) {
        open.whole = log.whole;
        ownWentBack = log.updates.length < open.ownChanges;
      }
      // A file with fewer records than were read (replaced, reset) is read whole again: applying twice is harmless.
      const seen = open.applied.get(device.id) ?? 0;
      updates.push(...log.updates.slice(seen <= log.updates.length ? seen : 0));
      fresh.set(device.id, log.updates.length);
      devices.push({ id: device.id, name: device.id === settings.deviceId ? settings.deviceName || device.name : device.name, changes: log.updates.length, bytes: device.bytes.length });
    }
    const before = await this.docs.snapshot(open.key);
    const result = await this.docs.applyUpdates(open.key, updates);
    for (const [id, n] of fresh) open.applied.set(id, n);
    if (result.bad.length) notes.push(`${result.bad.length} change${result.bad.length === 1 ? '' : 's'} in the folder could not be read and ${result.bad.length === 1 ? 'was' : 'were'} skipped.`);
    const kept: string[] = [];
    try {
      const ids = [...result.photos.keys()];
      for (let i = 0; i < ids.length; i += BATCH) {
        const batch = ids.slice(i, i + BATCH);
        const mine = await localWork(this.db, batch);
        const write = new Map<string, PhotoWork>();
        for (const id of batch) {
          const local = mine.get(id);
          if (!local) {
            open.awaiting.add(id);
            continue;
          }
          const merged = mergePhoto(id, local, result.photos.get(id) as Map<string, never>);
          if (merged.changed) write.set(id, merged.work);
          if (merged.kept) kept.push(id);
        }
        if ((await writeWork(this.db, write)) > 0) this.onReread?.();
      }
      if (result.albums) await writeAlbumWork(this.db, await this.docs.albums(open.key));
    } catch (e) {
      // What could not be written here is taken back out of the document, so it is read again next time.
      this.open.delete(source.id);
      await this.docs.forget(source.id);
      await saveFolderDoc(this.db, source.id, before);
      await setFolderSyncStatus(this.db, source.id, { notes: [...notes, `The folder's changes could not all be saved here (${(e as Error).message}); they will be read again at the next sync.`] });
      throw e;
    }
    if (ownWentBack) {
      // A sync tool put back an older copy of this device's file: what it lost is written again,
      // as the whole document (Yjs takes again what it has, so nothing is doubled).
      notes.push("This device's change file in the folder was older than what this device had written (a sync tool put back an earlier copy); everything this device knows was written to it again.");
      open.whole = await appendChanges(folder, settings.deviceId, [await this.docs.snapshot(open.key)], open.whole);
      open.ownChanges = (fresh.get(settings.deviceId) ?? 0) + 1;
    }
    // Edits made here since this device last wrote win over what the folder says of the same
    // thing (they are newer than anything it has seen): written now, after what was read.
    if (kept.length) await this.writePhotos(source, folder, kept);
    await this.writePendingTo(source, folder);
    await saveFolderDoc(this.db, source.id, await this.docs.snapshot(open.key));
    if (!devices.some((d) => d.id === settings.deviceId)) devices.push({ id: settings.deviceId, name: settings.deviceName || undefined, changes: 0, bytes: 0 });
    await writeDeviceName(folder, settings.deviceId, settings.deviceName).catch(() => undefined);
    await setFolderSyncStatus(this.db, source.id, { readAt: Date.now(), devices, notes, ownChanges: open.ownChanges });
  }

  private async writePending(): Promise<void> {
    if (!(await this.current()).write) return;
    await Promise.all(this.lookups);
    // What is heard while this writes stays waiting for the next write.
    const ids = [...this.pending];
    const albums = this.albumsTouched;
    for (const source of await this.folders()) {
      const folder = await this.writable(source);
      if (folder) await this.writePendingTo(source, folder, ids, albums);
    }
    for (const id of ids) this.pending.delete(id);
    if (albums) this.albumsTouched = false;
    this.remember();
  }

  /** This device's edits heard since the last write, into one folder. */
  private async writePendingTo(source: Folder, folder: FileSystemDirectoryHandle, given?: readonly string[], givenAlbums?: boolean): Promise<void> {
    await Promise.all(this.lookups);
    const ids = given ?? [...this.pending];
    const albums = givenAlbums ?? this.albumsTouched;
    if (!ids.length && !albums) return;
    const mine: string[] = [];
    for (let i = 0; i < ids.length; i += BATCH) mine.push(...(await photosInSource(this.db, source.id, ids.slice(i, i + BATCH))));
    await this.writePhotos(source, folder, mine, albums);
  }

  /** Every photo of the folder (turning it on). */
  private async writeEverything(source: Folder): Promise<void> {
    const folder = await this.writable(source);
    if (!folder) return;
    let first = true;
    for await (const ids of sourcePhotoIds(this.db, source.id)) {
      await this.writePhotos(source, folder, ids, first);
      first = false;
    }
    if (first) await this.writePhotos(source, folder, [], true);
    await saveFolderDoc(this.db, source.id, await this.docs.snapshot((await this.load(source)).key));
  }

  /**
   * Write these photos' work into the folder's document and append the change to this device's
   * file. A photo the folder spoke of before this device indexed it takes the folder's work first.
   */
  private async writePhotos(source: Folder, folder: FileSystemDirectoryHandle, ids: readonly string[], albums = false): Promise<void> {
    const open = await this.load(source);
    const updates: Uint8Array[] = [];
    for (let i = 0; i < ids.length || (albums && i === 0); i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const mine = await localWork(this.db, batch);
      const adopted = new Map<string, PhotoWork>();
      const arriving = [...mine.keys()].filter((id) => open.awaiting.delete(id));
      const folderSays = arriving.length ? await this.docs.entriesOf(open.key, arriving) : new Map();
      for (const id of arriving) {
        const took = adoptPhoto(id, mine.get(id) as PhotoWork, folderSays.get(id) ?? new Map());
        if (took.changed) adopted.set(id, took.work);
      }
      if (adopted.size) {
        await writeWork(this.db, adopted);
        for (const [id, work] of adopted) mine.set(id, work);
      }
      const update = await this.docs.write(open.key, mine, albums && i === 0 ? await albumWork(this.db) : undefined);
      if (update) updates.push(update);
    }
    if (!updates.length) return;
    const settings = await this.current();
    try {
      open.whole = await appendChanges(folder, settings.deviceId, updates, open.whole);
      open.ownChanges += updates.length;
    } catch (e) {
      // The document has the change but the folder does not: forget the document, so the next
      // write finds the difference again (the edit itself is safe in the catalogue).
      this.open.delete(source.id);
      await this.docs.forget(source.id);
      await setFolderSyncStatus(this.db, source.id, { notes: [`This device's changes could not be written to the folder (${why(e)}); they stay here and are written at the next sync.`] });
      throw e;
    }
    await saveFolderDoc(this.db, source.id, await this.docs.snapshot(open.key));
    await setFolderSyncStatus(this.db, source.id, { wroteAt: Date.now(), ownChanges: open.ownChanges });
  }
}
