import { For, Show, createResource, createSignal, onCleanup, onMount } from 'solid-js';
import type { ShoeboxDb } from '../catalog/db';
import { folderStatuses, storedFolderCatalogue } from '../catalog/folder-work-repo';
import type { FolderCatalogueSettings, FolderSyncStatus } from '../catalog/types';
import { createLive } from '../app/live';
import { useLibrary } from '../app/library-context';
import { canWrite } from '../library/sidecar-files';

const when = (at: number | undefined) => (at ? new Date(at).toLocaleString() : 'never');

function devices(status: FolderSyncStatus | undefined, me: string): string {
  const list = status?.devices ?? [];
  if (!list.length) return 'none yet';
  return list.map((d) => `${d.name || `Unnamed device ${d.id.slice(0, 6)}`}${d.id === me ? ' (this device)' : ''}`).join(', ');
}

/**
 * The catalogue kept in the folders: the person's work for each granted folder written into its
 * `.shoebox/` and merged with every other device that opens the folder. Off until turned on; asks
 * the folders' write permission once, saying why. Per folder: whether it is written there, when
 * it last synced, which devices wrote to it.
 */
export function FolderCatalogueSection(props: { db: ShoeboxDb; onError: (m: string | undefined) => void }) {
  const library = useLibrary();
  const sync = library.folderCatalogue;
  const settings = createLive<FolderCatalogueSettings | undefined>(() => storedFolderCatalogue(props.db), undefined);
  const folders = createLive(() => folderStatuses(props.db), []);
  const [allowed, { refetch }] = createResource(folders, async (list) => new Map(await Promise.all(list.map(async (f) => [f.id, !!f.handle && (await canWrite(f.handle).catch(() => false))] as const))));
  const [busy, setBusy] = createSignal(false);
  const [name, setName] = createSignal<string>();
  onMount(() => {
    // This device's id is made on first need: now, so its name can be given before turning this on.
    void sync.current();
    sync.onStatus = () => void refetch();
    onCleanup(() => (sync.onStatus = () => undefined));
  });

  const run = async (job: () => Promise<unknown>, failed: string) => {
    props.onError(undefined);
    setBusy(true);
    try {
      await job();
    } catch (e) {
      props.onError(`${failed} (${(e as Error).message}).`);
    } finally {
      setBusy(false);
      void refetch();
    }
  };
  const toggle = (on: boolean, box: HTMLInputElement) => run(async () => {
    if (!(await sync.setWrite(on))) {
      box.checked = false;
      props.onError('Shoebox was not allowed to write to your folder, so the catalogue is not kept there. Your photos and your work here are unchanged.');
    }
  }, 'The catalogue could not be written to your folders');
  const saveName = () => run(() => sync.setDeviceName(name() ?? settings()?.deviceName ?? ''), 'The name could not be saved');

  return (
    <section aria-labelledby="folder-catalogue-h">
      <h3 id="folder-catalogue-h">Catalogue in your folders</h3>
      <p>
        Keep your work — ratings, favourites, titles, captions, dates, turns, labels, albums, names of people, stacks,
        private and archived photos — inside each folder, in a hidden <code>.shoebox</code> folder. Whatever already
        syncs the folder (Syncthing, Dropbox, iCloud Drive, a NAS) then carries it to your other computers: a browser
        there that opens the same folder shows your work as soon as it has indexed the photos, and edits made on both,
        even at the same time, end up the same on both.
      </p>
      {/* Not shown until read (the sidecars' box says why). */}
      <Show when={settings.answered()}>
        <label class="check">
          <input type="checkbox" checked={settings()?.write ?? false} disabled={busy()} onChange={(e) => void toggle(e.currentTarget.checked, e.currentTarget)} />
          Keep my work in my folders and merge it with my other devices
        </label>
      </Show>
      <p class="hint">
        Turning this on asks your browser to let Shoebox write to your folders: it writes only inside{' '}
        <code>.shoebox/devices/</code>, one file for this device, never your photos. Thumbnails and face data are not
        written; each device makes its own.
      </p>
      <label>
        This device's name{' '}
        <input type="text" maxLength={100} disabled={!settings.answered()} value={settings()?.deviceName ?? ''} placeholder="e.g. Anna's laptop" onInput={(e) => setName(e.currentTarget.value)} />
      </label>{' '}
      <button type="button" disabled={busy() || name() === undefined} onClick={() => void saveName()}>Save this device's name</button>{' '}
      <button type="button" disabled={!settings()?.write || busy()} onClick={() => void run(() => sync.syncAll(), 'The folders could not be synced')}>Sync now</button>
      <Show when={folders().length} fallback={<Show when={folders.answered()}><p>No folders granted yet.</p></Show>}>
        <ul class="folder-sync" aria-label="Folders' catalogues">
          <For each={folders()}>
            {(f) => (
              <li aria-label={f.name}>
                <strong>{f.name}</strong>:{' '}
                {settings()?.write ? (allowed()?.get(f.id) ? 'your work is written here' : 'not written: Shoebox may not write to this folder now') : 'not written (off)'}.{' '}
                Last read {when(f.status?.readAt)}, last written {when(f.status?.wroteAt)}. Devices: {devices(f.status, settings()?.deviceId ?? '')}.
                <Show when={f.status?.notes.length}>
                  <ul class="notes">
                    <For each={f.status?.notes.slice(0, 20)}>{(n) => <li>{n}</li>}</For>
                  </ul>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
