import { describe, expect, it } from 'vitest';
import { monthSpan } from '../../src/catalog/timeline-repo';
import { resultIndex } from '../../src/views/result-index';

describe('the results index', () => {
  // Newest first, as the search worker answers: two in December 2020, one in March 2019.
  const dec = 2020 * 12 + 11;
  const mar = 2019 * 12 + 2;
  const index = resultIndex(['c', 'b', 'a'], [{ month: dec, count: 2 }, { month: mar, count: 1 }]);

  it('gives each month its own keys, carrying the month start', () => {
    expect(index.keysOfMonth(dec)).toEqual([[monthSpan(dec)[0], 'c'], [monthSpan(dec)[0], 'b']]);
    expect(index.keysOfMonth(mar)).toEqual([[monthSpan(mar)[0], 'a']]);
    expect(index.keysOfMonth(mar + 1)).toEqual([]);
  });

  it('places a key among the results, and a key of another month nowhere', () => {
    expect(index.positionOf([monthSpan(dec)[0], 'b'])).toBe(1);
    expect(index.positionOf([monthSpan(mar)[0], 'a'])).toBe(2);
    expect(index.positionOf([monthSpan(mar)[0], 'c'])).toBe(-1);
    expect(index.positionOf([monthSpan(mar + 1)[0], 'a'])).toBe(-1);
  });
});
