import type { ShoeboxDb } from '../catalog/db';
import { describeError } from '../catalog/errors';
// Types only (erased): the code itself is loaded by loadXmp.
import type { sidecarUpdate } from '../imaging/xmp/from-photo';
import type { checkSidecarSize } from '../imaging/xmp/sidecar';
import type { mergeXmp } from '../imaging/xmp/xmp-write';
import { changedPhotoIds, onWorkChange, personNames, recordSidecar, setSidecarSettings, sidecarSettings, sidecarSubjects, type SidecarSubject, type WorkChange } from '../catalog/sidecar-repo';
import { photoIdsOfPeople } from '../catalog/face-repo';
import type { SidecarSettings, SourceRow } from '../catalog/types';
import { askToWrite, canWrite, fileAt, sidecarPathFor, writeTextAtomically } from '../library/sidecar-files';

export interface SidecarReport {
  written: number;
  /** The sidecar already said it all: not written again. */
  unchanged: number;
  /** Photos whose folder did not let Shoebox write (permission not given). */
  notAllowed: number;
  failed: { path: string; error: string }[];
}

const emptyReport = (): SidecarReport => ({ written: 0, unchanged: 0, notAllowed: 0, failed: [] });

/**
 * The XMP code (fast-xml-parser with it), loaded with the first pass that writes sidecars, not with
 * the page: most people never turn sidecars on. A load that fails is tried again at the next pass.
 */
let xmpCode: Promise<XmpCode> | undefined;
interface XmpCode {
  sidecarUpdate: typeof sidecarUpdate;
  checkSidecarSize: typeof checkSidecarSize;
  mergeXmp: typeof mergeXmp;
}
function loadXmp(): Promise<XmpCode> {
  xmpCode ??= Promise.all([import('../imaging/xmp/from-photo'), import('../imaging/xmp/sidecar'), import('../imaging/xmp/xmp-write')]).then(
    ([{ sidecarUpdate }, { checkSidecarSize }, { mergeXmp }]) => ({ sidecarUpdate, checkSidecarSize, mergeXmp }),
    (e: unknown) => {
      xmpCode = undefined;
      throw e;
    },
  );
  return xmpCode;
}

/** After an edit, sidecars are written once the person has paused this long (a burst of ratings is one write each). */
export const SIDECAR_DEBOUNCE_MS = 1500;
/** Photos read and written per step: a few file reads and writes, then the page breathes. */
const BATCH = 25;

/**
 * Writes XMP sidecars for the photos the person changed, when they turned it on (Settings): after
 * each edit (debounced, batched) and on demand. An existing sidecar is merged, never replaced
 * (xmp-write.ts); the original photo is never opened for writing.
 */
export class SidecarWriter {
  private settings: SidecarSettings | undefined;
  private pending = new Set<string>();
  private everything = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stop: (() => void) | undefined;
  private running: Promise<SidecarReport> | undefined;
  /** Each person's name as last heard of, while listening. */
  private names: Promise<Map<number, string | undefined>> | undefined;
  /** The last pass's report, for Settings. */
  last: SidecarReport | undefined;
  onReport: (report: SidecarReport) => void = () => undefined;

  constructor(
    private readonly db: ShoeboxDb,
    private readonly delayMs = SIDECAR_DEBOUNCE_MS,
    /** A seam: tests hand in folders that cannot be stored in IndexedDB. */
    private readonly folderOf: (source: SourceRow) => FileSystemDirectoryHandle | undefined = (source) => source.handle,
  ) {}

  async current(): Promise<SidecarSettings> {
    this.settings ??= await sidecarSettings(this.db);
    return this.settings;
  }

  /** On start-up: listen for edits if writing is on. */
  async resume(): Promise<void> {
    if ((await this.current()).write) this.listen();
  }

  /**
   * Turn writing on (from a click: the folders' write permission is asked for here, once) or off.
   * Resolves false when a folder refused: writing stays off.
   */
  async setWrite(write: boolean, folders: readonly FileSystemDirectoryHandle[]): Promise<boolean> {
    if (write) {
      for (const folder of folders) if (!(await askToWrite(folder))) return false;
    }
    this.settings = { ...(await this.current()), write };
    await setSidecarSettings(this.db, this.settings);
    if (write) {
      this.listen();
      this.everything = true;
      this.schedule();
    } else {
      this.stop?.();
      this.stop = undefined;
      this.names = undefined;
      clearTimeout(this.timer);
    }
    return true;
  }

  async setPlace(place: SidecarSettings['place']): Promise<void> {
    this.settings = { ...(await this.current()), place };
    await setSidecarSettings(this.db, this.settings);
  }

  /** Write the sidecar of every photo the person changed ("Write sidecars now"). */
  writeNow(): Promise<SidecarReport> {
    this.everything = true;
    return this.flush();
  }

  private listen(): void {
    this.names ??= personNames(this.db);
    this.stop ??= onWorkChange(this.db, (change) => this.changed(change));
  }

  /**
   * The people among these whose name changed since last heard of. A person's row changes with
   * every face indexed (its counts): only a new name changes what their photos' sidecars say (a
   * face joining or leaving them is a change of the faces, heard as such).
   */
  private async renamed(personIds: readonly number[]): Promise<number[]> {
    const known = await (this.names ??= personNames(this.db));
    const out: number[] = [];
    for (const [id, name] of await personNames(this.db, personIds)) {
      if (known.get(id) !== name) out.push(id);
      known.set(id, name);
    }
    return out;
  }

  private changed(change: WorkChange): void {
    if (change.everything) this.everything = true;
    for (const id of change.photoIds) this.pending.add(id);
    if (change.personIds.length) {
      void this.renamed(change.personIds).then(async (people) => {
        const ids = people.length ? await photoIdsOfPeople(this.db, people) : [];
        for (const id of ids) this.pending.add(id);
        if (ids.length) this.schedule();
      });
    }
    if (this.pending.size || this.everything) this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  private async flush(): Promise<SidecarReport> {
    await this.running;
    this.running = this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<SidecarReport> {
    const report = emptyReport();
    // Before the pending photos are taken: a load that fails leaves them pending, and says why.
    let xmp: XmpCode;
    try {
      xmp = await loadXmp();
    } catch (e) {
      report.failed.push({ path: 'every pending sidecar', error: describeError(e) });
      this.last = report;
      this.onReport(report);
      return report;
    }
    const settings = await this.current();
    const everything = this.everything;
    const ids = [...this.pending];
    this.everything = false;
    this.pending.clear();
    if (everything) {
      for await (const page of changedPhotoIds(this.db)) {
        for (let i = 0; i < page.length; i += BATCH) await this.writeBatch(page.slice(i, i + BATCH), xmp, settings, report);
      }
    } else {
      for (let i = 0; i < ids.length; i += BATCH) await this.writeBatch(ids.slice(i, i + BATCH), xmp, settings, report);
    }
    this.last = report;
    this.onReport(report);
    return report;
  }

  private async writeBatch(ids: readonly string[], xmp: XmpCode, settings: SidecarSettings, report: SidecarReport): Promise<void> {
    for (const subject of await sidecarSubjects(this.db, ids)) await this.writeOne(subject, xmp, settings, report);
  }

  private async writeOne({ photo, files, named }: SidecarSubject, { sidecarUpdate, checkSidecarSize, mergeXmp }: XmpCode, settings: SidecarSettings, report: SidecarReport): Promise<void> {
    const update = sidecarUpdate(photo, named);
    if (!update) return;
    for (const { file, source } of files) {
      const folder = this.folderOf(source);
      if (!folder || !(await canWrite(folder))) {
        report.notAllowed++;
        continue;
      }
      const path = sidecarPathFor(file.path, file.sidecar?.path, settings.place);
      try {
        const existing = await fileAt(folder, path);
        // The reader's limit: a file that large is no photo tool's sidecar, and is not parsed here, on the page's thread.
        if (existing) checkSidecarSize(existing.size);
        const before = await existing?.text();
        const after = mergeXmp(before, update);
        if (after === before) {
          report.unchanged++;
          continue;
        }
        const written = await writeTextAtomically(folder, path, after);
        report.written++;
        // Shoebox's own write is not another program's edit: the next scan need not read the photo again.
        if (settings.place === 'beside') await recordSidecar(this.db, file, { path, ...written });
      } catch (e) {
        report.failed.push({ path: `${source.name}/${path}`, error: (e as Error)?.message ?? String(e) });
      }
    }
  }
}
