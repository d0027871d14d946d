import { For, Show, createResource, createSignal, onMount } from 'solid-js';
import type { BatchChange } from '../catalog/batch-repo';
import { photosText } from '../app/format';
import { EditNote } from './BatchDialog';

interface Props {
  count: number;
  /** Each label of the selection with how many of its photos carry it (read again after every change). */
  labels: () => Promise<{ name: string; count: number }[]>;
  /** Run one change over the selection, keeping it selected; resolves once it has landed. */
  apply: (change: BatchChange) => Promise<void>;
  busy: boolean;
  onClose: () => void;
}

/**
 * The selection's labels, each with how many photos carry it, + to give it to all and − to take it
 * off all (PhotoPrism #271's design); a box adds a new one to all. Each click is one batch: the
 * person's edits, undoable, kept through re-indexing. Native `<dialog>` as BatchDialog.
 */
export function LabelsDialog(props: Props) {
  let el: HTMLDialogElement | undefined;
  const [labels, { refetch }] = createResource(() => props.labels());
  const [typed, setTyped] = createSignal('');
  const run = async (name: string, add: boolean) => {
    await props.apply({ kind: 'label', name, add });
    await refetch();
  };
  onMount(() => el?.showModal());
  return (
    <dialog ref={el} class="batch-dialog labels-dialog" role="dialog" aria-labelledby="labels-dialog-title" onClose={() => props.onClose()}>
      <h2 id="labels-dialog-title">Labels</h2>
      <p class="batch-dialog-facts">Labels of {props.count === 1 ? 'this photo' : `these ${photosText(props.count)}`}: + gives a label to all of them, − takes it off all.</p>
      <Show when={labels()} fallback={<p class="batch-dialog-facts">Reading the labels…</p>}>
        {(list) => (
          <Show when={list().length} fallback={<p class="batch-dialog-facts">No labels yet.</p>}>
            <ul class="labels-dialog-list" aria-label="Labels of the selection">
              <For each={list()}>
                {(label) => (
                  <li>
                    <span class="label-name">{label.name}</span>
                    <span class="label-count">{label.count === props.count ? 'all' : `${label.count.toLocaleString('en')} of ${props.count.toLocaleString('en')}`}</span>
                    <button type="button" aria-label={`Add ${label.name} to all`} disabled={props.busy || label.count === props.count} onClick={() => void run(label.name, true)}>+</button>
                    <button type="button" aria-label={`Take ${label.name} off all`} disabled={props.busy} onClick={() => void run(label.name, false)}>−</button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <form
        class="labels-dialog-add"
        onSubmit={(e) => {
          e.preventDefault();
          const name = typed().trim();
          if (!name) return;
          setTyped('');
          void run(name, true);
        }}
      >
        <input type="text" aria-label="New label" placeholder="A new label" value={typed()} onInput={(e) => setTyped(e.currentTarget.value)} />
        <button type="submit" disabled={props.busy || !typed().trim()}>Add to all</button>
      </form>
      <EditNote />
      <div class="batch-dialog-buttons">
        <button type="button" onClick={() => el?.close()}>Done</button>
      </div>
    </dialog>
  );
}
