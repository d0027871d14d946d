import { For, Show, createSignal, onCleanup, onMount } from 'solid-js';
import type { ShoeboxDb } from '../catalog/db';
import { sidecarSettings } from '../catalog/sidecar-repo';
import type { SidecarSettings } from '../catalog/types';
import { createLive } from '../app/live';
import { useLibrary } from '../app/library-context';
import type { SidecarReport } from '../indexer/sidecar-writer';

function describe(r: SidecarReport): string {
  const parts = [`${r.written} sidecar${r.written === 1 ? '' : 's'} written`, `${r.unchanged} already up to date`];
  if (r.notAllowed) parts.push(`${r.notAllowed} in folders Shoebox may not write to`);
  if (r.failed.length) parts.push(`${r.failed.length} failed`);
  return `${parts.join(', ')}.`;
}

/**
 * XMP sidecars: Shoebox always reads them; writing them for the photos the person changed is
 * their choice, off at first, and asks the folders' write permission once, saying why.
 */
export function SidecarSection(props: { db: ShoeboxDb; onError: (m: string | undefined) => void }) {
  const library = useLibrary();
  const writer = library.sidecars;
  const settings = createLive<SidecarSettings>(() => sidecarSettings(props.db), { write: false, place: 'beside' });
  const [report, setReport] = createSignal<SidecarReport | undefined>(writer.last);
  const [busy, setBusy] = createSignal(false);
  onMount(() => {
    writer.onReport = setReport;
    onCleanup(() => (writer.onReport = () => undefined));
  });

  const toggle = async (on: boolean, box: HTMLInputElement) => {
    props.onError(undefined);
    const ok = await writer.setWrite(on, await library.folders());
    if (!ok) {
      box.checked = false;
      props.onError('Shoebox was not allowed to write to your folder, so sidecars stay off. Your photos and the catalogue are unchanged.');
    }
  };
  const writeNow = async () => {
    setBusy(true);
    try {
      setReport(await writer.writeNow());
    } catch (e) {
      props.onError(`The sidecars could not be written (${(e as Error).message}).`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="sidecars-h">
      <h3 id="sidecars-h">XMP sidecars</h3>
      <p>
        Shoebox reads the XMP sidecars other programs keep beside your photos (<code>IMG_1.jpg.xmp</code> from digiKam,
        darktable and Immich; <code>IMG_1.xmp</code> from Lightroom and Capture One): their ratings, titles, keywords
        and named faces show here, and a sidecar changed elsewhere is read again at the next rescan.
      </p>
      {/* Not shown until read: shown clear while the stored "on" was on its way, a click meant to
          turn it off turned it on (SettingsView's boxes had the same race). */}
      <Show when={settings.answered()}>
        <label class="check">
          <input type="checkbox" checked={settings().write} onChange={(e) => void toggle(e.currentTarget.checked, e.currentTarget)} />
          Write sidecars for the photos I change
        </label>
      </Show>
      <p class="hint">
        Your ratings, titles, descriptions, labels, albums and the names of people then go into a sidecar file beside
        each photo you changed, so digiKam, Lightroom or another computer sees them too. Turning this on asks your
        browser to let Shoebox write to your folders: it writes only <code>.xmp</code> files, never your photos.
        An existing sidecar is added to, never replaced.
      </p>
      <fieldset disabled={!settings().write}>
        <legend>Where sidecars go</legend>
        <label class="check">
          <input type="radio" name="sidecar-place" checked={settings().place === 'beside'} onChange={() => void writer.setPlace('beside')} />
          Beside each photo (<code>IMG_1.jpg.xmp</code>)
        </label>
        <label class="check">
          <input type="radio" name="sidecar-place" checked={settings().place === 'mirror'} onChange={() => void writer.setPlace('mirror')} />
          In a separate folder (<code>.shoebox/sidecars/…</code> inside each folder)
        </label>
      </fieldset>
      <button type="button" disabled={!settings().write || busy()} onClick={() => void writeNow()}>
        Write sidecars now
      </button>
      <Show when={report()}>
        {(r) => (
          <>
            <p role="status" aria-label="Sidecars written">{describe(r())}</p>
            <ul class="notes">
              <For each={r().failed.slice(0, 20)}>{(f) => <li>{f.path}: {f.error}</li>}</For>
            </ul>
          </>
        )}
      </Show>
    </section>
  );
}
