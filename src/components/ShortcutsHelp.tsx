import { For, Show, createSignal, onCleanup, onMount } from 'solid-js';

const SHORTCUTS: [keys: string, what: string][] = [
  ['?', 'Show or hide these shortcuts'],
  ['← → ↑ ↓, Home, End', 'Move between photos'],
  ['Enter', 'Open the photo'],
  ['Space', 'Select or unselect the photo'],
  ['Shift + arrows, Shift + click', 'Select a range'],
  ['Ctrl/⌘ + click', 'Select a photo without opening it'],
  ['Ctrl/⌘ + A', 'Select every photo in the view'],
  ['Escape', 'Clear the selection; close the viewer'],
  ['Ctrl/⌘ + Z', 'Undo the last change to a selection'],
  ['D', 'Change the date and time of the selection'],
  ['T', 'Change the title and caption of the selection'],
  ['L', 'Add or take off labels of the selection'],
  ['P', 'Set or clear the place of the selection'],
  ['R, Shift + R', 'Rotate the selection (or the photo in the viewer) right, left'],
  ['Alt + ← →, Alt + Home, End', 'Move a photo in an album ordered by hand'],
  ['Slideshow: ← →, Space, Escape', 'Step, pause or play, leave'],
  ['Long press (touch)', 'Select a photo'],
];

/** The keyboard shortcuts, opened with `?` from anywhere but a text box. */
export function ShortcutsHelp() {
  const [open, setOpen] = createSignal(false);
  onMount(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.activeElement?.matches('input, textarea, select, [contenteditable]')) return;
      if (e.key === '?') setOpen((o) => !o);
      else if (e.key === 'Escape' && open()) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    onCleanup(() => window.removeEventListener('keydown', onKey));
  });
  return (
    <Show when={open()}>
      <div class="shortcuts" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts">
        <h2>Keyboard shortcuts</h2>
        <dl>
          <For each={SHORTCUTS}>
            {([keys, what]) => (
              <>
                <dt>{keys}</dt>
                <dd>{what}</dd>
              </>
            )}
          </For>
        </dl>
        <button type="button" ref={(el) => queueMicrotask(() => el.focus())} onClick={() => setOpen(false)}>Close</button>
      </div>
    </Show>
  );
}
