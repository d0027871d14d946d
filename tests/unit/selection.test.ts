import { describe, expect, it } from 'vitest';
import { createRoot } from 'solid-js';
import { createSelection, isPicked, pickedCount, resolvePicked, withIds, type Picked } from '../../src/components/selection';
import { idsAt, monthCount, positionsInRect, span, wholeMonth } from '../../src/components/grid-picking';
import { layoutTimeline } from '../../src/components/timeline-layout';
import type { TimelineKey } from '../../src/catalog/timeline-repo';

const none: Picked = { all: false, ids: new Set() };

describe('the selection', () => {
  it('keeps ids in and out, and "all" as the total less what was taken out', () => {
    let p = withIds(none, ['a', 'b', 'c'], true);
    p = withIds(p, ['b'], false);
    expect(pickedCount(p)).toBe(2);
    expect(isPicked(p, 'b')).toBe(false);
    const all: Picked = { all: true, total: 100_000, except: new Set() };
    const fewer = withIds(all, ['x', 'y'], false);
    expect(pickedCount(fewer)).toBe(99_998);
    expect(isPicked(fewer, 'x')).toBe(false);
    expect(isPicked(fewer, 'z')).toBe(true);
    expect(pickedCount(withIds(fewer, ['x'], true))).toBe(99_999);
  });

  it('reads the view\'s ids only to act on "all", in the view\'s order, without those taken out', async () => {
    let reads = 0;
    const allIds = async () => {
      reads++;
      return ['p1', 'p2', 'p3', 'p4'];
    };
    expect(await resolvePicked(withIds(none, ['p3', 'p1'], true), allIds)).toEqual(['p3', 'p1']);
    expect(reads).toBe(0);
    expect(await resolvePicked(withIds({ all: true, total: 4, except: new Set() }, ['p2'], false), allIds)).toEqual(['p1', 'p3', 'p4']);
    expect(reads).toBe(1);
  });

  it('selects 100,000 at once without touching an id, and Escape-clears to nothing', () => {
    createRoot((dispose) => {
      const s = createSelection();
      const t = performance.now();
      s.selectAll(100_000);
      expect(performance.now() - t).toBeLessThan(5);
      expect(s.count()).toBe(100_000);
      s.toggle('one', 3);
      expect(s.count()).toBe(99_999);
      expect(s.anchor()).toBe(3);
      s.clear();
      expect(s.count()).toBe(0);
      dispose();
    });
  });
});

describe('picking in the grid', () => {
  // Three months: 5, 3 and 4 photos; 2 columns at 400 px.
  const layout = layoutTimeline([{ month: 30, count: 5 }, { month: 29, count: 3 }, { month: 28, count: 4 }], 400, 160);
  const keys = new Map<number, TimelineKey[]>([30, 29, 28].map((m, k) => [m, Array.from({ length: [5, 3, 4][k] as number }, (_, i): TimelineKey => [0, `m${m}-${i}`])]));
  const read: number[] = [];
  const keysOf = async (m: number) => {
    read.push(m);
    return keys.get(m) ?? [];
  };

  it('turns a Shift+click range into the ids of the months it spans', async () => {
    expect(span(6, 3)).toEqual([3, 4, 5, 6]);
    expect(await idsAt(layout, span(3, 9), keysOf)).toEqual(['m30-3', 'm30-4', 'm29-0', 'm29-1', 'm29-2', 'm28-0', 'm28-1']);
    expect(new Set(read)).toEqual(new Set([30, 29, 28]));
  });

  it('never picks a stand-in: a range leaves it out, a toggle does nothing, select-all resolves without it', async () => {
    const withStandIn = async (m: number) => (m === 29 ? [[0, 'm29-0'], [0, 'pending:7'], [0, 'm29-2']] as TimelineKey[] : keys.get(m) ?? []);
    const range = withIds(none, await idsAt(layout, span(4, 7), withStandIn), true);
    expect(await resolvePicked(range, async () => [])).toEqual(['m30-4', 'm29-0', 'm29-2']);
    const s = createSelection();
    s.toggle('pending:7', 6);
    expect(s.count()).toBe(0);
    expect(s.anchor()).toBeUndefined();
    s.selectAll(3);
    expect(await s.resolve(async () => ['a', 'pending:7', 'b'])).toEqual(['a', 'b']);
  });

  it('uses the keys the grid kept for a month only when they are the whole month', () => {
    expect([30, 29, 28, 27].map((m) => monthCount(layout, m))).toEqual([5, 3, 4, 0]);
    const whole = keys.get(29) as TimelineKey[];
    expect(wholeMonth(whole, 3)).toBe(true);
    expect(wholeMonth(whole.slice(0, 2), 3)).toBe(false);
    const holey: (TimelineKey | undefined)[] = [];
    holey[2] = whole[2];
    expect(wholeMonth(holey, 3)).toBe(false);
  });

  it('finds the tiles a dragged rectangle touches, by geometry alone', () => {
    // Tiles are 200 px; the first month's rows start under its 44 px header.
    const inRect = positionsInRect(layout, { x0: 250, y0: 250, x1: 210, y1: 60 });
    expect(inRect).toEqual([1, 3]);
    expect(positionsInRect(layout, { x0: 10, y0: 60, x1: 390, y1: 61 })).toEqual([0, 1]);
  });
});
