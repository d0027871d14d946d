import { describe, expect, it } from 'vitest';
import { Numbering, numberedIds } from '../../src/catalog/numbering';

/** Ids of every kind the hash and the comparison meet: ASCII, accents, CJK, private use, emoji, prefixes of each other. */
function someIds(n: number): string[] {
  let seed = 7;
  const random = (k: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % k;
  const pieces = ['a', 'b', 'z', '0', '9', '-', '_', 'é', 'ß', '写真', '\ud7ff', '\ue000', '\uffee', '😀', '𝄞'];
  return Array.from({ length: n }, (_, i) => {
    let id = '';
    for (let k = random(4); k >= 0; k--) id += pieces[random(pieces.length)];
    return i % 3 ? `${id}${i}` : `${(i * 2654435761).toString(16)}${id}`;
  });
}

const linesOf = (ids: readonly (string | undefined)[]) => new TextEncoder().encode(ids.map((id) => `${id ?? ''}\n`).join(''));

describe('photo numbering', () => {
  it('numbers ids in turn and finds each again by id, through tables grown many times', () => {
    const ids = someIds(20_000);
    const numbering = new Numbering();
    ids.forEach((id, i) => expect(numbering.add(id)).toBe(i));
    expect([numbering.length, numbering.size]).toEqual([20_000, 20_000]);
    expect(ids.filter((id, i) => numbering.slotOf(id) !== i || numbering.idOf(i) !== id)).toEqual([]);
    for (const unknown of ['', 'nobody', `${ids[5]}x`, (ids[5] as string).slice(0, -1), 'é'.normalize('NFD')]) expect(numbering.slotOf(unknown)).toBeUndefined();
  });

  it('passes over a photo gone, still names its number, and numbers it anew when it comes back', () => {
    const numbering = new Numbering();
    for (const id of ['a', 'b', 'c']) numbering.add(id);
    numbering.remove(1);
    numbering.remove(1);
    expect([numbering.slotOf('b'), numbering.has(1), numbering.idOf(1), numbering.size]).toEqual([undefined, false, 'b', 2]);
    expect(numbering.add('b')).toBe(3);
    expect([numbering.slotOf('b'), numbering.live()]).toEqual([3, ['a', 'c', 'b']]);
  });

  it('saves as lines, a gone number as an empty one, and loads them back to the same numbers', () => {
    const ids = someIds(5000);
    const numbering = new Numbering();
    for (const id of ids) numbering.add(id);
    const gone = [0, 1, 2, 777, 4999];
    for (const slot of gone) numbering.remove(slot);
    const lines = numbering.lines();
    expect(Buffer.from(lines).equals(Buffer.from(linesOf(ids.map((id, i) => (gone.includes(i) ? undefined : id)))))).toBe(true);
    const loaded = new Numbering(lines);
    expect([loaded.length, loaded.size]).toEqual([5000, 4995]);
    expect(ids.filter((id, i) => loaded.slotOf(id) !== (gone.includes(i) ? undefined : i))).toEqual([]);
    expect(loaded.add('new')).toBe(5000);
    expect(loaded.slotOf('new')).toBe(5000);
    expect(new Numbering(new Uint8Array(0)).lines().length).toBe(0);
  });

  it('maps the loaded ids a slice at a time, and whole when one is looked up first', () => {
    const ids = someIds(3000);
    const sliced = new Numbering(linesOf(ids));
    expect([sliced.mapAhead(1000), sliced.mapAhead(1000), sliced.mapAhead(1000)]).toEqual([false, false, true]);
    expect(ids.every((id, i) => sliced.slotOf(id) === i)).toBe(true);
    const asked = new Numbering(linesOf(ids));
    expect(asked.slotOf(ids[2999] as string)).toBe(2999);
    expect(asked.mapAhead(1)).toBe(true);
    // Numbered while the table is still being filled: found once it is.
    const adding = new Numbering(linesOf(ids));
    adding.mapAhead(500);
    expect(adding.add('late')).toBe(3000);
    expect([adding.slotOf('late'), adding.slotOf(ids[2000] as string)]).toEqual([3000, 2000]);
  });

  it('orders numbers by their ids as JavaScript orders the strings', () => {
    const ids = [...someIds(3000), 'a', 'ab', 'abc', '', 'Z'];
    const numbering = new Numbering();
    for (const id of ids) numbering.add(id);
    const slots = ids.map((_, i) => i);
    const expected = [...slots].sort((a, b) => ((ids[a] as string) < (ids[b] as string) ? -1 : (ids[a] as string) > (ids[b] as string) ? 1 : a - b));
    expect(slots.sort((a, b) => numbering.compare(a, b) || a - b)).toEqual(expected);
  });

  it("reads an order's ids by position, without strings made ahead", () => {
    const numbering = new Numbering();
    for (const id of ['a1', 'bé-2', 'c', '写真']) numbering.add(id);
    const ids = numberedIds(numbering, Uint32Array.of(3, 0, 2));
    expect([ids.length, ids.at(0), ids.at(2), ids.at(3), ids.at(-1)]).toEqual([3, '写真', 'c', undefined, undefined]);
    expect(ids.numbered?.numbering).toBe(numbering);
  });
});
