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
  /** The page's URL as it stands (`location.href`). */
  url(): string;
  now?: () => number;
}

/** A pause in typing longer than this starts a new history entry. */
const BURST_MS = 1000;

/**
 * Typing rewrites the current history entry; a new burst of typing (after a pause or a
 * navigation), removing a chip or pressing Enter starts a new one, so Back returns to the previous
 * search. A keystroke within a burst writes its URL `later`: `history.replaceState` took 0.3–6 ms
 * of the keystroke's task, before the search worker's answer could be taken (2026-12-05).
 * Keystrokes in between write only the last one's; the burst's entry gets it before a new entry
 * starts; a query changed otherwise meanwhile (Back, a link), or dropped (the view gone), is not
 * written.
 */
export function createQueryHistory({ push, replace, current, later, url, now = () => performance.now() }: QueryHistoryOptions) {
  let lastEdit = 0;
  let unwritten: { query: string; url: string } | undefined;
  /** The URL the view last took its query from, or wrote. */
  let seen = url();
  const write = () => {
    const last = unwritten;
    unwritten = undefined;
    if (last && last.query === current()) {
      replace(last.url);
      seen = url();
    }
  };
  return {
    /**
     * A navigation was heard (`popstate`, `hashchange`): whether the URL is news, so that the view
     * takes its query from it. A link's navigation fires `popstate` at once and `hashchange` a task
     * later (Chromium): a query typed in between, its URL not written yet, would be cleared by the
     * second if it were taken as news (seen in thresholds.spec, 2026-12-06).
     */
    navigated(): boolean {
      const here = url();
      if (here === seen) return false;
      seen = here;
      // Typing after Back or a link starts an entry of its own.
      lastEdit = 0;
      return true;
    },
    /** `query` typed (`commit`: Enter, or a chip removed); call before the view shows it. */
    typed(query: string, commit = false): void {
      const at = now();
      const link = searchLink(query);
      if (commit || at - lastEdit > BURST_MS) {
        write();
        push(link);
        seen = url();
      } else {
        if (!unwritten) later(write);
        unwritten = { query, url: link };
      }
      lastEdit = commit ? 0 : at;
    },
    /** Write nothing more (the view is gone). */
    drop(): void {
      unwritten = undefined;
    },
  };
}
