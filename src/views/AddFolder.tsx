import { Show } from 'solid-js';
import { createGuard } from '../app/guard';
import { useLibrary } from '../app/library-context';
import { filesFromInput, pickFolder, supportsFolderAccess } from '../library/pick';

/**
 * Ways in: the folder picker where the File System Access API exists, otherwise the
 * `webkitdirectory` input (degraded: the folder must be picked again after a reload); and the
 * demo, offered (`offerDemo`) while the library is empty.
 */
export function AddFolder(props: { onError: (message: string | undefined) => void; busy: boolean; offerDemo: boolean }) {
  const library = useLibrary();
  const direct = supportsFolderAccess();

  const guarded = createGuard(props.onError);
  const pick = guarded(async () => {
    library.prepareImport();
    const handle = await pickFolder();
    if (handle) await library.addFolder(handle);
  });
  const onInput = (input: HTMLInputElement) =>
    guarded(async () => {
      if (!input.files?.length) return;
      const picked = await filesFromInput(input.files);
      input.value = '';
      if (!picked.files.length) props.onError(`No photos were found in “${picked.name}”.`);
      else await library.addPicked(picked);
    })();
  const demo = guarded(() => library.addDemo());

  return (
    <div class="add-folder">
      <Show when={direct}>
        <button type="button" class="primary" onClick={() => void pick()}>Add folder</button>
      </Show>
      <label class={direct ? 'file-fallback' : 'file-fallback primary'}>
        {direct ? 'Add folder as a one-time copy' : 'Add folder'}
        <input type="file" multiple ref={(el) => (el.webkitdirectory = true)} onChange={(e) => void onInput(e.currentTarget)} />
      </label>
      <Show when={!direct}>
        <p class="note">
          This browser cannot keep access to folders: after a reload, pick the folder again to see originals and new
          photos. Thumbnails and the catalogue stay.
        </p>
      </Show>
      <Show when={props.offerDemo}>
        <button type="button" onClick={() => void demo()} disabled={props.busy}>Try the demo</button>
      </Show>
    </div>
  );
}
