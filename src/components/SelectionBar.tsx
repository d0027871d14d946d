import type { JSX } from 'solid-js';
import type { Selection } from './selection';

/**
 * The bar a selection brings: how many, the actions (children), and a way out (Escape too). It is
 * made once and hidden while nothing is selected (the view stacks it on its top bar, which it
 * covers while shown): a first click on a check mark only shows it, and the grid stays put.
 */
export function SelectionBar(props: { selection: Selection; children?: JSX.Element }) {
  return (
    <div class="selection-bar" classList={{ shown: props.selection.count() > 0 }} role="toolbar" aria-label="Selection">
      <button type="button" aria-label="Clear selection" onClick={() => props.selection.clear()}>×</button>
      <span class="selection-count" role="status">{props.selection.count().toLocaleString('en')} selected</span>
      {props.children}
    </div>
  );
}
