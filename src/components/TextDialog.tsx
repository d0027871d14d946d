import { Show, createSignal } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import type { BatchChange } from '../catalog/batch-repo';
import type { Across } from '../catalog/batch-edits';
import { BatchDialog, type BatchDialogProps } from './BatchDialog';

/** Title and caption for one photo or many: what is typed is set for all; a mixed field left alone stays each photo's own. */
export function TextDialog(props: BatchDialogProps) {
  // undefined: not touched, so not changed.
  const [title, setTitle] = createSignal<string>();
  const [caption, setCaption] = createSignal<string>();
  const shown = (typed: string | undefined, across: Across<string> | undefined) => typed ?? across?.value ?? '';
  const change = (): BatchChange | undefined => {
    const t = title()?.trim();
    const d = caption()?.trim();
    const facts = props.facts;
    const next = {
      ...(t !== undefined && (facts?.title.mixed || t !== facts?.title.value) ? { title: t } : {}),
      ...(d !== undefined && (facts?.description.mixed || d !== facts?.description.value) ? { description: d } : {}),
    };
    return Object.keys(next).length ? { kind: 'text', ...next } : undefined;
  };
  /** One box: the selection's value, or empty and marked when the photos differ. */
  const box = (label: string, id: string, across: () => Across<string> | undefined, typed: () => string | undefined, set: (v: string) => void, tag: 'input' | 'textarea') => (
    <>
      <label>
        {label}
        <Dynamic
          component={tag}
          {...(tag === 'textarea' ? { rows: 3 } : { type: 'text' })}
          value={shown(typed(), across())}
          placeholder={across()?.mixed ? 'Mixed' : ''}
          aria-describedby={across()?.mixed ? id : undefined}
          onInput={(e: InputEvent & { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => set(e.currentTarget.value)}
        />
      </label>
      <Show when={across()?.mixed}>
        <span class="batch-dialog-mixed" id={id}>Mixed: each photo keeps its own unless you type here.</span>
      </Show>
    </>
  );
  return (
    <BatchDialog title="Title and caption" change={change} apply={props.apply} onClose={props.onClose}>
      <p class="batch-dialog-facts">For {props.count === 1 ? 'this photo' : `all ${props.count.toLocaleString('en')} photos`}. An empty box clears it.</p>
      {box('Title', 'title-mixed', () => props.facts?.title, title, setTitle, 'input')}
      {box('Caption', 'caption-mixed', () => props.facts?.description, caption, setCaption, 'textarea')}
    </BatchDialog>
  );
}
