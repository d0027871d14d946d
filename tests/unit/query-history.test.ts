import { describe, expect, it } from 'vitest';
import { createQueryHistory } from '../../src/views/query-history';

/** The library's query history with a hand-made clock, its writes recorded and its later writes held. */
function typing() {
  const writes: string[] = [];
  const held: (() => void)[] = [];
  let shown = '';
  let clock = 10_000;
  const urls = createQueryHistory({
    push: (url) => writes.push(`push ${url}`),
    replace: (url) => writes.push(`replace ${url}`),
    current: () => shown,
    later: (write) => held.push(write),
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
});
