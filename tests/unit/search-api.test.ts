import 'fake-indexeddb/auto';
import { expose, wrap } from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { catalog } from '../../src/catalog/db';
import { searchApi, type SearchApi } from '../../src/search/search-api';
import { unpackAnswer } from '../../src/search/packed';

// The search worker's API called as the page calls it (Comlink over a message channel): the answer's
// ids cross as one transferred buffer and read back as the ids the planner found, newest first.
it('answers over the wire with its ids in one transferred buffer', async () => {
  const { port1, port2 } = new MessageChannel();
  expose(searchApi, port1 as never);
  const remote = wrap<SearchApi>(port2 as never);
  try {
    const db = catalog();
    await db.open();
    await db.photos.bulkPut([0, 1, 2].map((i) => ({ id: `p${i}`, takenAt: Date.UTC(2020, 0, 1 + i), mediaType: 'image/jpeg', labels: i < 2 ? ['cat'] : ['dog'], categories: [], colors: [], keywords: [], rating: 0, damaged: false, favorite: false, albums: [], private: false }) as never));
    await db.months.put({ month: 2020 * 12, count: 3, visible: 3 });
    await remote.warm();
    const packed = await remote.search('cat', false);
    expect(packed.ids).toBeInstanceOf(Uint8Array);
    expect(unpackAnswer(packed)).toEqual({ ids: ['p1', 'p0'], buckets: [{ month: 2020 * 12, count: 2 }], errors: [] });
    expect(unpackAnswer(await remote.search('unicorn', false)).ids).toEqual([]);
  } finally {
    port1.close();
    port2.close();
  }
});
