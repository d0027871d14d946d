import { describe, expect, it } from 'vitest';
import { keptItems } from '../../src/app/kept-items';

interface Group {
  members: { id: string; size: number }[];
}
const group = (...members: [string, number][]): Group => ({ members: members.map(([id, size]) => ({ id, size })) });

describe('items kept across answers', () => {
  it('keeps the object drawn before for an item that is the same, and takes the new one where it changed', () => {
    const keep = keptItems<Group>((g) => g.members.map((m) => m.id).join(' '));
    const first = keep([group(['a', 1], ['b', 2]), group(['c', 3], ['d', 4])]);
    // The same groups asked again (new objects), one of them changed, one new, in another order.
    const again = [group(['e', 5], ['f', 6]), group(['c', 3], ['d', 9]), group(['a', 1], ['b', 2])];
    const second = keep(again);
    expect(second[2]).toBe(first[0]);
    expect(second[1]).toBe(again[1]);
    expect(second[0]).toBe(again[0]);
    // Kept from the answer before only: a group gone and back is drawn anew.
    const third = keep([group(['c', 3], ['d', 4])]);
    expect(third[0]).not.toBe(first[1]);
    expect(keep([group(['c', 3], ['d', 4])])[0]).toBe(third[0]);
  });
});
