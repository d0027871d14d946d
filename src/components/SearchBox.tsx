import { For, Show, createSignal } from 'solid-js';
import type { Suggestion } from '../search/suggest';

interface Props {
  value: string;
  /** Typing: the query so far. */
  onInput: (value: string) => void;
  /** Enter, or a suggestion taken: a search to keep in history. */
  onCommit: (value: string) => void;
  suggest: (query: string) => Promise<Suggestion[]>;
}

const KIND_NAMES: Record<Suggestion['kind'], string> = {
  filter: 'filter', label: 'label', category: 'category', person: 'person', camera: 'camera', lens: 'lens', color: 'colour', type: 'file type', month: 'month', keyword: 'keyword', album: 'album', place: 'place',
};

/**
 * The search box: a combobox (ARIA 1.2) that suggests filters, labels, people and cameras for the
 * word being typed, with how many photos each finds. ↓ ↑ move through the list, Enter takes the
 * highlighted suggestion (or searches), Escape closes the list.
 */
export function SearchBox(props: Props) {
  let input!: HTMLInputElement;
  const [items, setItems] = createSignal<Suggestion[]>([]);
  const [open, setOpen] = createSignal(false);
  const [active, setActive] = createSignal(-1);
  let token = 0;
  const refresh = async (value: string) => {
    const mine = ++token;
    const list = await props.suggest(value);
    if (mine !== token) return;
    setItems(list);
    setActive(-1);
    setOpen(list.length > 0);
  };
  const close = () => {
    token++;
    setOpen(false);
    setActive(-1);
  };
  const accept = (s: Suggestion) => {
    const value = props.value.replace(/\S*$/, s.text);
    if (s.kind === 'filter') {
      // A filter name: its values come next.
      props.onInput(value);
      void refresh(value);
    } else {
      props.onCommit(`${value} `);
      close();
    }
    input.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const count = items().length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!open()) {
        void refresh(props.value);
      } else if (count) {
        const step = e.key === 'ArrowDown' ? 1 : -1;
        // -1 is the text itself: past either end of the list, back to what was typed.
        setActive((i) => {
          const next = i + step;
          return next >= count ? -1 : next < -1 ? count - 1 : next;
        });
      }
    } else if (e.key === 'Enter') {
      const chosen = open() ? items()[active()] : undefined;
      if (chosen) accept(chosen);
      else {
        props.onCommit(props.value);
        close();
      }
    } else if (e.key === 'Escape' && open()) {
      close();
    } else return;
    e.preventDefault();
  };

  return (
    <div class="search-box">
      <input
        ref={input}
        type="search"
        class="search"
        role="combobox"
        aria-label="Search"
        aria-autocomplete="list"
        aria-expanded={open()}
        aria-controls="search-suggestions"
        aria-activedescendant={open() && active() >= 0 ? `suggestion-${active()}` : undefined}
        placeholder="Search: cat, 2019, camera:canon…"
        autocomplete="off"
        value={props.value}
        onInput={(e) => {
          props.onInput(e.currentTarget.value);
          void refresh(e.currentTarget.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={close}
      />
      <Show when={open()}>
        <ul id="search-suggestions" class="suggestions" role="listbox" aria-label="Suggestions">
          <For each={items()}>
            {(s, i) => (
              <li
                id={`suggestion-${i()}`}
                role="option"
                aria-selected={i() === active()}
                // mousedown, not click: the input would lose focus (and close the list) first.
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(s);
                }}
              >
                <span class="suggestion-name">{s.name}</span>
                <span class="suggestion-kind">{KIND_NAMES[s.kind]}</span>
                <Show when={s.count !== undefined}>
                  <span class="suggestion-count">{s.count} {s.count === 1 ? 'photo' : 'photos'}</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
