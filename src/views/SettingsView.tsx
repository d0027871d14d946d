import { For, Show, createResource, createSignal } from 'solid-js';
import { catalog } from '../catalog/db';
import { clearPreviews, keepPreviews, setKeepPreviews, setShowMemories, setVisionBackend, showMemories, visionBackend } from '../catalog/settings-repo';
import type { BackendName } from '../vision/types';
import { useLibrary } from '../app/library-context';
import { bytes } from '../app/format';
import { createGuard } from '../app/guard';
import { createLive } from '../app/live';
import { BackupSection } from './BackupSection';
import { SidecarSection } from './SidecarSection';
import { FolderCatalogueSection } from './FolderCatalogueSection';
import { DEMO_CREDITS, LIBRARY_CREDITS, MODEL_AND_DATA_CREDITS, type Credit } from '../app/credits';

async function storageState() {
  const estimate = (await navigator.storage?.estimate?.()) ?? {};
  const persisted = (await navigator.storage?.persisted?.()) ?? false;
  return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
}

/** Storage, previews, export and import of the catalogue. */
const MODEL_NAMES: Record<string, string> = {
  centernet: 'Objects (CenterNet)',
  nsfw_mobilenet_v2: 'NSFW (MobileNetV2)',
  faces: 'Faces (photos with people)',
  embedding: 'Vector for “More like this”',
};

export function SettingsView() {
  const db = catalog();
  const [message, setMessage] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const guarded = createGuard(setError);
  const [storage, { refetch }] = createResource(storageState);
  const previews = createLive(() => db.previews.count(), 0, 500);
  // Not shown until read (`answered`): one shown with the default before the stored choice arrived
  // took a click the wrong way (ticking a box shown ticked did nothing, and the stored "off" came
  // after); shown disabled and clear, unticking it did nothing the same way.
  const keep = createLive(() => keepPreviews(db), false);
  const memories = createLive(() => showMemories(db), false);
  const library = useLibrary();
  const vision = library.indexer.vision;
  const [pin, { refetch: refetchPin }] = createResource(() => visionBackend(db));
  const [recognition, { refetch: refetchRecognition }] = createResource(() => vision.report());
  const choose = guarded(async (value: string) => {
    await setVisionBackend(db, value);
    vision.repin((value || undefined) as BackendName | undefined);
    void refetchPin();
    void refetchRecognition();
  });

  return (
    <main class="settings">
      <h2>Settings</h2>
      <Show when={error()}>{(m) => <p class="error" role="alert">{m()}</p>}</Show>
      <Show when={message()}>{(m) => <p role="status">{m()}</p>}</Show>

      <section aria-labelledby="browsing-h">
        <h3 id="browsing-h">Browsing</h3>
        <Show when={memories.answered()}>
          <label class="check">
            <input type="checkbox" checked={memories()} onChange={(e) => void setShowMemories(db, e.currentTarget.checked)} />
            Show “On this day” (photos from the same days in earlier years) above the timeline
          </label>
        </Show>
      </section>

      <section aria-labelledby="storage-h">
        <h3 id="storage-h">Storage on this device</h3>
        <Show when={storage()}>
          {(s) => (
            <>
              <p>
                Using {bytes(s().usage)} of {bytes(s().quota)} available to Shoebox.
              </p>
              <meter aria-label="Storage used" min={0} max={Math.max(1, s().quota)} value={s().usage} />
              <p>
                {s().persisted
                  ? 'Persistent: the browser will not clear the library to free space.'
                  : 'Not persistent: the browser may clear the library when the disk runs low. Export the catalogue to keep your work safe.'}
              </p>
            </>
          )}
        </Show>
        <Show when={keep.answered()}>
          <label class="check">
            <input type="checkbox" checked={keep()} onChange={(e) => void setKeepPreviews(db, e.currentTarget.checked)} />
            Keep large previews for the viewer (tiles are always kept)
          </label>
        </Show>
        <button type="button" disabled={previews() === 0} onClick={guarded(async () => {
          const n = await clearPreviews(db);
          setMessage(`Cleared ${n} previews.`);
          void refetch();
        })}>
          Clear stored previews ({previews()})
        </button>
      </section>

      <section aria-labelledby="vision-h">
        <h3 id="vision-h">Recognition</h3>
        <Show when={recognition()} fallback={<p>Loading the models…</p>}>
          {(r) => (
            <>
              <p role="status" aria-label="Inference backend">
                {r().state === 'ready' ? `Recognising photos with the ${r().backend?.name} backend.` : `Recognition is unavailable: ${r().error ?? r().state}.`}
              </p>
              <ul class="notes">
                <For each={r().backend?.notes ?? []}>{(note) => <li>{note}</li>}</For>
              </ul>
              <p>Tensors in memory: <span aria-label="Tensors in memory">{r().tensors ?? '—'}</span></p>
              <Show when={Object.keys(r().timings ?? {}).length > 0}>
                <table class="timings" aria-label="Analysis time per photo">
                  <thead><tr><th scope="col">Model</th><th scope="col">Median</th><th scope="col">p95</th><th scope="col">Photos</th></tr></thead>
                  <tbody>
                    <For each={Object.entries(r().timings ?? {})}>
                      {([model, t]) => (
                        <tr data-model={model} data-median={t.median} data-p95={t.p95}>
                          <th scope="row">{MODEL_NAMES[model] ?? model}</th>
                          <td>{Math.round(t.median)} ms</td>
                          <td>{Math.round(t.p95)} ms</td>
                          <td>{t.count}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </Show>
              <Show when={r().lastFailure}>{(why) => <p class="error">The last photo that could not be analysed: {why()}</p>}</Show>
            </>
          )}
        </Show>
        {/* Shown once the stored choice is read (and through later reads): before, it showed
            "Automatic" whatever was pinned, as the preview and memory boxes above did. */}
        <Show when={pin.state === 'ready' || pin.state === 'refreshing'}>
          <label>
            Backend{' '}
            <select aria-label="Inference backend choice" value={pin() ?? ''} onChange={(e) => void choose(e.currentTarget.value)}>
              <option value="">Automatic (fastest that works here)</option>
              <option value="webgpu">WebGPU</option>
              <option value="webgl">WebGL</option>
              <option value="wasm">WebAssembly</option>
              <option value="cpu">CPU (slowest)</option>
            </select>
          </label>
        </Show>
        <button type="button" onClick={() => void refetchRecognition()}>Refresh</button>
        <p>
          After changing the backend or updating Shoebox, analyse every photo again. Names, merges and your own labels are kept.
        </p>
        <button type="button" onClick={guarded(() => library.reindexAll())}>Re-index all photos</button>
      </section>

      <BackupSection db={db} onMessage={setMessage} onError={setError} onChange={() => void refetch()} />

      <SidecarSection db={db} onError={setError} />

      <FolderCatalogueSection db={db} onError={setError} />

      <section aria-labelledby="about-h">
        <h3 id="about-h">About</h3>
        <p>Version {__SHOEBOX_BUILD__}. Everything stays on this device: Shoebox has no server.</p>
      </section>

      <section aria-labelledby="credits-h">
        <h3 id="credits-h">Credits</h3>
        <p>Shoebox ships these models, data and libraries; each stays under its own licence.</p>
        <CreditList label="Models and data" credits={MODEL_AND_DATA_CREDITS} />
        <CreditList label="Libraries" credits={LIBRARY_CREDITS} />
        <CreditList label="Demo photographs" credits={DEMO_CREDITS} />
      </section>
    </main>
  );
}

function CreditList(props: { label: string; credits: readonly Credit[] }) {
  return (
    <>
      <h4>{props.label}</h4>
      <ul class="credits" aria-label={props.label}>
        <For each={props.credits}>
          {(c) => (
            <li>
              <strong>{c.name}</strong> — {c.use}. {c.licence}; © {c.by}.
              <Show when={c.licenceText}>{(href) => <> <a href={`${import.meta.env.BASE_URL}${href()}`}>Licence text</a></>}</Show>
            </li>
          )}
        </For>
      </ul>
    </>
  );
}
