import 'fake-indexeddb/auto';
import { expose, wrap } from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { catalog } from '../../src/catalog/db';
import { searchApi, type SearchApi } from '../../src/search/search-api';
import { ID_CHUNK, unpackIds } from '../../src/search/packed';

// The search worker's API called as the page calls it (Comlink over a message channel): an answer
// brings its count, month counts and first ids in one transferred buffer; the page asks for the
// rest of its ids by range until it releases the answer.
it('answers over the wire with its first ids, and the rest by range until released', async () => {
  const { port1, port2 } = new MessageChannel();
  expose(searchApi, port1 as never);
  const remote = wrap<SearchApi>(port2 as never);
  try {
    const db = catalog();
    await db.open();
    const n = ID_CHUNK + 5;
    const id = (i: number) => `p${String(i).padStart(5, '0')}`;
    await db.photos.bulkPut(Array.from({ length: n + 1 }, (_, i) => ({ id: id(i), takenAt: Date.UTC(2020, 0, 1, 0, 0, i), mediaType: 'image/jpeg', labels: i < n ? ['cat'] : ['dog'], categories: [], colors: [], keywords: [], rating: 0, damaged: false, favorite: false, albums: [], private: false }) as never));
    await db.months.put({ month: 2020 * 12, count: n + 1, visible: n + 1 });
    await remote.warm();
    const answer = await remote.search('cat', false);
    expect(answer.head.ids).toBeInstanceOf(Uint8Array);
    expect({ count: answer.count, buckets: answer.buckets, errors: answer.errors }).toEqual({ count: n, buckets: [{ month: 2020 * 12, count: n }], errors: [] });
    // Newest first: the head is the newest ID_CHUNK, the rest comes by range.
    const newest = Array.from({ length: n }, (_, i) => id(n - 1 - i));
    expect(unpackIds(answer.head)).toEqual(newest.slice(0, ID_CHUNK));
    const rest = await remote.idsOf(answer.token, ID_CHUNK, n + 100);
    expect(rest && unpackIds(rest)).toEqual(newest.slice(ID_CHUNK));
    await remote.release(answer.token);
    expect(await remote.idsOf(answer.token, 0, 10)).toBeUndefined();
    const none = await remote.search('unicorn', false);
    expect([none.count, unpackIds(none.head)]).toEqual([0, []]);
  } finally {
    port1.close();
    port2.close();
  }
  // warm() reads the order, the postings and the files' words, then runs its own searches: over a
  // thousand photos in fake-indexeddb that is 2–3 s, more with another test file on the other core.
}, 20_000);
