/** The library's query in the URL (`#/?q=…`), as history entries (LibraryView). */
import { searchLink } from '../search/parse';

export interface QueryHistoryOptions {
  /** `history.pushState` / `replaceState` with this URL. */
  push(url: string): void;
  replace(url: string): void;
  /** The query the view shows now. */
  current(): string;
  /** Run `write` once the results of the keystroke are painted. */
  later(write: () => void): void;
  now?: () => number;
}

/** A pause in typing longer than this starts a new history entry. */
const BURST_MS = 1000;

/**
 * Typing rewrites the current history entry; a new burst of typing (after a pause), removing a
 * chip or pressing Enter starts a new one, so Back returns to the previous search. A keystroke
 * within a burst writes its URL `later`: `history.replaceState` took 0.3–6 ms of the keystroke's
 * task, before the search worker's answer could be taken (2026-12-05). Keystrokes in between
 * write only the last one's; the burst's entry gets it before a new entry starts; a query changed
 * otherwise meanwhile (Back, a link), or dropped (the view gone), is not written.
 */
export function createQueryHistory({ push, replace, current, later, now = () => performance.now() }: QueryHistoryOptions) {
  let lastEdit = 0;
  let unwritten: { query: string; url: string } | undefined;
  const write = () => {
    const last = unwritten;
    unwritten = undefined;
    if (last && last.query === current()) replace(last.url);
  };
  return {
    /** `query` typed (`commit`: Enter, or a chip removed); call before the view shows it. */
    typed(query: string, commit = false): void {
      const at = now();
      const url = searchLink(query);
      if (commit || at - lastEdit > BURST_MS) {
        write();
        push(url);
      } else {
        if (!unwritten) later(write);
        unwritten = { query, url };
      }
      lastEdit = commit ? 0 : at;
    },
    /** Write nothing more (the view is gone). */
    drop(): void {
      unwritten = undefined;
    },
  };
}
