import { describe, expect, it } from 'vitest';
import { SortedIds, SortedIdsBuilder } from '../../src/search/sorted-ids';

/** Ids as the catalogue makes them (64 hex digits), and a few of other shapes. */
const hex = (n: number) => (Math.imul(n + 1, 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(8);

describe('sorted ids', () => {
  it('find every id, and none between, across chunks of 4,096', () => {
    const ids = [...new Set(Array.from({ length: 10_000 }, (_, i) => hex(i)))].sort();
    const sorted = SortedIds.of(ids);
    expect(sorted.length).toBe(ids.length);
    ids.forEach((id, i) => {
      expect(sorted.at(i)).toBe(id);
      if (i % 97 === 0 || i === 4095 || i === 4096) expect(sorted.indexOf(id)).toBe(i);
    });
    for (const gone of ['', '0', `${ids[4095]}0`, 'g', `${ids[ids.length - 1]}z`]) expect(sorted.indexOf(gone)).toBe(-1);
    expect(sorted.startingWith((ids[5000] as string).slice(0, 10))).toBe(ids[5000]);
    expect(sorted.startingWith('zz')).toBeUndefined();
  });

  it('taken out of order, are put in order, and say where each went', () => {
    const pushed = ['p10', 'abc', 'p2', 'Zoë', '', 'p1', 'b'];
    const builder = new SortedIdsBuilder();
    pushed.forEach((id) => builder.push(id));
    const { ids, moved } = builder.done();
    const expected = [...pushed].sort();
    expect(Array.from({ length: ids.length }, (_, i) => ids.at(i))).toEqual(expected);
    expect(pushed.map((id, i) => expected[moved?.[i] as number] === id)).toEqual(pushed.map(() => true));
    expect(ids.indexOf('Zoë')).toBe(expected.indexOf('Zoë'));
    expect(ids.indexOf('p3')).toBe(-1);
  });

  it('taken in order, move nothing; none at all find nothing', () => {
    const builder = new SortedIdsBuilder();
    ['a', 'b', 'c'].forEach((id) => builder.push(id));
    expect(builder.done().moved).toBeUndefined();
    const empty = SortedIds.of([]);
    expect(empty.length).toBe(0);
    expect(empty.indexOf('a')).toBe(-1);
    expect(empty.startingWith('a')).toBeUndefined();
  });
});
