import { Show, createResource, createSignal } from 'solid-js';
import { ImportError, isAbort, type BackupProgress } from '../catalog/backup/format';
import type { ShoeboxDb } from '../catalog/db';
import { describeError, isQuotaError } from '../catalog/errors';
import { lastBackupAt } from '../catalog/settings-repo';
import { saveTarget } from '../app/save-file';

const DAY = 86_400_000;
/** After this long without a backup the reminder stands out. */
export const REMIND_AFTER_DAYS = 30;

function sinceLastBackup(at: number | undefined): string {
  if (at === undefined) return 'Never backed up';
  const days = Math.floor((Date.now() - at) / DAY);
  return `Last backup ${days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`}`;
}

const PHASES: Record<BackupProgress['phase'], string> = {
  checking: 'Checking', photos: 'Photos', tiles: 'Tiles', files: 'Files', finishing: 'Finishing',
};

/**
 * Backup and restore: export to a file the person picks (or a download), import all or nothing,
 * both with progress and Cancel; a reminder when the last backup is old; and the browser's
 * persistent-storage promise, asked for and answered honestly.
 */
export function BackupSection(props: { db: ShoeboxDb; onMessage: (m: string | undefined) => void; onError: (m: string | undefined) => void; onChange: () => void }) {
  const [withTiles, setWithTiles] = createSignal(true);
  const [progress, setProgress] = createSignal<BackupProgress & { job: 'Export' | 'Import' }>();
  const [last, { refetch }] = createResource(async () => ({ at: await lastBackupAt(props.db) }));
  const [persisted, setPersisted] = createSignal<boolean>();
  let controller: AbortController | undefined;
  const overdue = () => {
    const at = last()?.at;
    return at === undefined || Date.now() - at >= REMIND_AFTER_DAYS * DAY;
  };

  async function run(job: 'Export' | 'Import', work: (signal: AbortSignal) => Promise<string | undefined>, failed: (e: unknown) => string) {
    controller = new AbortController();
    props.onMessage(undefined);
    props.onError(undefined);
    setProgress({ job, phase: 'checking', done: 0, total: 0 });
    try {
      const message = await work(controller.signal);
      if (message) props.onMessage(message);
    } catch (e) {
      if (isAbort(e)) props.onMessage(job === 'Export' ? 'Export cancelled: no backup was saved.' : 'Import cancelled: nothing was changed.');
      else props.onError(failed(e));
    } finally {
      setProgress(undefined);
      controller = undefined;
      void refetch();
      props.onChange();
    }
  }

  const exportNow = () => run('Export', async (signal) => {
    const name = `shoebox-backup-${new Date().toISOString().slice(0, 10)}.zip`;
    const target = await saveTarget(name);
    if (!target) return undefined;
    const { exportBackup } = await import('../catalog/backup/export');
    const done = await exportBackup(props.db, target.writable, { tiles: withTiles(), signal, onProgress: (p) => setProgress({ ...p, job: 'Export' }) });
    await target.finish();
    return `Exported ${done.photos} photos${withTiles() ? ` and ${done.tiles} tiles` : ''} to ${name}.`;
  }, describeError);

  const importNow = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    void run('Import', async (signal) => {
      const { importBackup } = await import('../catalog/backup/import');
      const summary = await importBackup(props.db, file, { signal, name: file.name, onProgress: (p) => setProgress({ ...p, job: 'Import' }) });
      return `Imported ${summary.photos} photos (${summary.added} new). Add their folders again to see the originals.`;
    }, (e) => {
      if (e instanceof ImportError) return `${e.message} Nothing was changed.`;
      if (isQuotaError(e)) return 'Storage is full: the import was undone and nothing was changed. Free some disk space, then import again.';
      return `${describeError(e)} The import was undone: nothing was changed.`;
    });
  };

  const keep = async () => {
    const granted = (await navigator.storage?.persist?.()) ?? false;
    setPersisted(granted);
    props.onChange();
  };

  return (
    <section aria-labelledby="backup-h">
      <h3 id="backup-h">Backup</h3>
      <p classList={{ notice: overdue() }} role="status" aria-label="Last backup">
        {sinceLastBackup(last()?.at)}
        {overdue() ? '. Export a backup to keep your work safe: the browser may clear this library when the disk runs low.' : '.'}
      </p>
      <p>
        One file with your catalogue — folders by name, photos, their metadata, your edits, albums, labels and the names of
        people — to keep safe or to move to another browser. Photos are matched by their content on import.
      </p>
      <label class="check">
        <input type="checkbox" checked={withTiles()} onChange={(e) => setWithTiles(e.currentTarget.checked)} />
        Include tiles (larger file; the library shows at once after import)
      </label>
      <button type="button" disabled={!!progress()} onClick={() => void exportNow()}>Export catalogue</button>
      <label class="file-fallback">
        Import catalogue
        <input type="file" accept=".zip,.json,application/zip,application/json" disabled={!!progress()} onChange={(e) => importNow(e.currentTarget)} />
      </label>
      <Show when={progress()}>
        {(p) => (
          <>
            <progress aria-label={`${p().job} progress`} max={Math.max(1, p().total)} value={p().done} />
            <p role="status" aria-label={`${p().job} status`}>
              {p().job}: {PHASES[p().phase]} {p().done.toLocaleString()} of {p().total.toLocaleString()} photos
            </p>
            <button type="button" onClick={() => controller?.abort()}>Cancel</button>
          </>
        )}
      </Show>
      <button type="button" onClick={() => void keep()}>Keep my library</button>
      <Show when={persisted() !== undefined}>
        <p role="status" aria-label="Keep my library answer">
          {persisted()
            ? 'The browser agreed: it will not clear your library to free space.'
            : 'The browser said no: it may still clear your library when the disk runs low (browsers decide by how much you use a site, and may agree later). Keep a backup.'}
        </p>
      </Show>
    </section>
  );
}
