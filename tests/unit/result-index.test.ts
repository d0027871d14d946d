import { describe, expect, it } from 'vitest';
import { monthSpan } from '../../src/catalog/timeline-repo';
import { resultIndex } from '../../src/views/result-index';
import type { IdList } from '../../src/search/packed';

/** An answer's ids as the page reads them (asynchronously: the worker may be asked). */
const idList = (ids: string[]): IdList => ({ length: ids.length, at: async (i) => ids[i], slice: async (from, to) => ids.slice(from, to) });

describe('the results index', () => {
  // Newest first, as the search worker answers: two in December 2020, one in March 2019.
  const dec = 2020 * 12 + 11;
  const mar = 2019 * 12 + 2;
  const index = resultIndex(idList(['c', 'b', 'a']), [{ month: dec, count: 2 }, { month: mar, count: 1 }]);

  it('gives each month its own keys, carrying the month start', async () => {
    expect(await index.keysOfMonth(dec)).toEqual([[monthSpan(dec)[0], 'c'], [monthSpan(dec)[0], 'b']]);
    expect(await index.keysOfMonth(mar)).toEqual([[monthSpan(mar)[0], 'a']]);
    expect(await index.keysOfMonth(mar + 1)).toEqual([]);
  });

  it('places a key among the results, and a key of another month nowhere', async () => {
    expect(await index.positionOf([monthSpan(dec)[0], 'b'])).toBe(1);
    expect(await index.positionOf([monthSpan(mar)[0], 'a'])).toBe(2);
    expect(await index.positionOf([monthSpan(mar)[0], 'c'])).toBe(-1);
    expect(await index.positionOf([monthSpan(mar + 1)[0], 'a'])).toBe(-1);
  });
});
