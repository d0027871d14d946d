import { describe, expect, it } from 'vitest';
import { createQueryHistory } from '../../src/views/query-history';

/** The library's query history with a hand-made clock, its writes recorded and its later writes held. */
function typing() {
  const writes: string[] = [];
  const held: (() => void)[] = [];
  let shown = '';
  let clock = 10_000;
  let address = '#/';
  const urls = createQueryHistory({
    push: (url) => writes.push(`push ${(address = url)}`),
    replace: (url) => writes.push(`replace ${(address = url)}`),
    current: () => shown,
    later: (write) => held.push(write),
    url: () => address,
    now: () => clock,
  });
  return {
    writes,
    /** Type `query` `ms` after the last keystroke, as LibraryView does: history first, then the view. */
    type(query: string, ms: number, commit = false) {
      clock += ms;
      urls.typed(query, commit);
      shown = query;
    },
    /** The query shown changed otherwise (Back, a link). */
    show(query: string) {
      shown = query;
    },
    /** The results painted: what was held is written. */
    paint() {
      for (const write of held.splice(0)) write();
    },
    drop: () => urls.drop(),
    /** Back, Forward or a link took the page to `url`: its events, each asking whether it is news (and the view showing its query if so). */
    navigate(url: string, query: string): boolean[] {
      address = url;
      return ['popstate', 'hashchange'].map(() => {
        const news = urls.navigated();
        if (news) shown = query;
        return news;
      });
    },
    /** One more event of a navigation already heard (a link's `hashchange`, a task after its `popstate`). */
    heard: () => urls.navigated(),
    get shown() {
      return shown;
    },
  };
}

describe('the query in the URL', () => {
  it('starts an entry for a new burst of typing; its keystrokes write once, the last query, after the paint', () => {
    const t = typing();
    t.type('p', 5000);
    expect(t.writes).toEqual(['push #/?q=p']);
    t.type('pe', 100);
    t.type('pet', 100);
    expect(t.writes).toEqual(['push #/?q=p']);
    t.paint();
    expect(t.writes).toEqual(['push #/?q=p', 'replace #/?q=pet']);
    // After a pause, a new entry.
    t.type('cat', 1500);
    expect(t.writes.at(-1)).toBe('push #/?q=cat');
  });

  it('gives a burst’s entry its last query before the next entry starts', () => {
    const t = typing();
    t.type('pet', 5000);
    t.type('pet -label:cat', 200);
    // A chip removed before the paint: Back must return to “pet -label:cat”.
    t.type('pet', 50, true);
    expect(t.writes).toEqual(['push #/?q=pet', 'replace #/?q=pet%20-label%3Acat', 'push #/?q=pet']);
    t.paint();
    expect(t.writes).toHaveLength(3);
  });

  it('writes nothing for a query that Back or a link replaced, or once the view is gone', () => {
    const t = typing();
    t.type('pet', 5000);
    t.type('pets', 100);
    t.show('dog');
    t.paint();
    expect(t.writes).toEqual(['push #/?q=pet']);
    t.show('pets');
    t.type('pets and', 100);
    t.drop();
    t.paint();
    expect(t.writes).toEqual(['push #/?q=pet']);
  });

  it('hears a navigation once: a link’s late second event does not clear what was typed after the first', () => {
    const t = typing();
    t.type('card', 5000);
    // Library clicked: `popstate` at once…
    expect(t.navigate('#/', '').slice(0, 1)).toEqual([true]);
    expect(t.shown).toBe('');
    // …a search typed before `hashchange` comes (a new entry: typing after a link starts one)…
    t.type('sample', 300);
    t.type('sample2', 100);
    expect(t.writes).toEqual(['push #/?q=card', 'push #/?q=sample']);
    // …which is no news, before the keystroke's URL is written or after.
    expect(t.heard()).toBe(false);
    t.paint();
    expect(t.heard()).toBe(false);
    expect(t.shown).toBe('sample2');
    expect(t.writes.at(-1)).toBe('replace #/?q=sample2');
    // Back is news, each time.
    expect(t.navigate('#/?q=card', 'card')).toEqual([true, false]);
    expect(t.shown).toBe('card');
    expect(t.navigate('#/?q=sample2', 'sample2')).toEqual([true, false]);
  });
});
