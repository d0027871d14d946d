import { Show, type JSX } from 'solid-js';
import type { Selection } from './selection';

/** The bar a selection brings: how many, the actions (children), and a way out (Escape too). */
export function SelectionBar(props: { selection: Selection; children?: JSX.Element }) {
  return (
    <Show when={props.selection.count() > 0}>
      <div class="selection-bar" role="toolbar" aria-label="Selection">
        <button type="button" aria-label="Clear selection" onClick={() => props.selection.clear()}>×</button>
        <span class="selection-count" role="status">{props.selection.count().toLocaleString('en')} selected</span>
        {props.children}
      </div>
    </Show>
  );
}
