import { onMount, type JSX } from 'solid-js';
import type { BatchChange } from '../catalog/batch-repo';
import type { SelectionFields } from '../catalog/batch-edits';

/** What an edit of many photos touches, said under it (BatchDialog, LabelsDialog). */
export function EditNote() {
  return <p class="batch-dialog-note">Your photos themselves are never written to; with sidecars turned on in Settings, their .xmp sidecars follow. Undo with the toast or Ctrl/⌘+Z.</p>;
}

/** What a batch dialog is given: the selection's size and fields (once read), and what to do with its change. */
export interface BatchDialogProps {
  count: number;
  facts: SelectionFields | undefined;
  apply: (change: BatchChange) => void;
  onClose: () => void;
}

interface Props extends Pick<BatchDialogProps, 'apply' | 'onClose'> {
  title: string;
  /** The change the dialog's fields make; Apply is offered only when there is one. */
  change: () => BatchChange | undefined;
  children: JSX.Element;
}

/**
 * A modal dialog for a batch change (native `<dialog>`: focus stays inside, Escape cancels). Its
 * explicit role lets the page's shortcuts know focus is in a dialog (use-picking.ts `typing`).
 */
export function BatchDialog(props: Props) {
  let el: HTMLDialogElement | undefined;
  const id = `batch-dialog-${props.title.replace(/\W+/g, '-').toLowerCase()}`;
  // Shown while mounted: the caller mounts it to open it, so every opening starts afresh.
  onMount(() => el?.showModal());
  return (
    <dialog ref={el} class="batch-dialog" role="dialog" aria-labelledby={id} onClose={() => props.onClose()}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          const change = props.change();
          if (!change) return;
          props.apply(change);
          props.onClose();
        }}
      >
        <h2 id={id}>{props.title}</h2>
        {props.children}
        <EditNote />
        <div class="batch-dialog-buttons">
          <button type="submit" disabled={!props.change()}>Apply</button>
          <button type="button" onClick={() => props.onClose()}>Cancel</button>
        </div>
      </form>
    </dialog>
  );
}
