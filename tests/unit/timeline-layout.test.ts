import { describe, expect, it } from 'vitest';
import { allRows, allTileRows, HEADER_HEIGHT, layoutTimeline, monthIndexAt, monthStarts, rowAt, rowOfIndex, rowsBetween, sameLayoutInputs, scrubberMarks, tileAcross, tileLefts, type TileRow } from '../../src/components/timeline-layout';
import { positionsInRect } from '../../src/components/grid-picking';
import { shownAspect } from '../../src/components/rotation';

const month = (y: number, m: number) => y * 12 + m;

describe('layoutTimeline', () => {
  it('puts a header per month and fills rows of whole columns, from counts alone', () => {
    const layout = layoutTimeline([{ month: month(2024, 5), count: 3 }, { month: month(2024, 4), count: 1 }, { month: month(2023, 0), count: 1 }], 400, 160);
    expect(layout.columns).toBe(2);
    expect(allRows(layout).map((r) => (r.kind === 'header' ? 'H' : r.count))).toEqual(['H', 2, 1, 'H', 1, 'H', 1]);
    expect(allTileRows(layout).map((r) => [r.offset, r.index])).toEqual([[0, 0], [2, 2], [0, 3], [0, 4]]);
    expect(layout.height).toBe(3 * HEADER_HEIGHT + 4 * 200);
    expect(layout.total).toBe(5);
  });

  it('finds the row at a height, the rows of a screenful and the row of any position, as the whole laid out would', () => {
    const buckets = Array.from({ length: 240 }, (_, i) => ({ month: month(2020, 0) - i, count: 1 + ((i * 37) % 90) }));
    for (const justify of [undefined, { aspects: (m: number) => (m % 3 ? undefined : Array.from({ length: buckets.find((b) => b.month === m)!.count }, (_, k) => [0.75, 1.5, 1][k % 3]!)), rowHeight: 180 }]) {
      const layout = layoutTimeline(buckets, 800, 160, justify);
      const rows = allRows(layout);
      const tileRows = allTileRows(layout);
      // The months are laid out end to end, each row directly below the one before.
      rows.forEach((r, i) => i && expect(r.top).toBeCloseTo(rows[i - 1]!.top + rows[i - 1]!.height, 6));
      for (const y of [0, 500, 12_345, 77_777.5, layout.height - 1]) {
        const row = rowAt(layout, y)!;
        const i = rows.indexOf(row);
        expect(row.top + row.height).toBeGreaterThan(y);
        if (i > 0) expect(rows[i - 1]!.top + rows[i - 1]!.height).toBeLessThanOrEqual(y);
        const screen = rowsBetween(layout, y - 600, y + 1400);
        expect(screen).toEqual(rows.filter((r) => r.top + r.height > y - 600 && r.top <= y + 1400));
        expect(screen.length).toBeGreaterThan(0);
      }
      for (const index of [0, 1, 777, 2000, layout.total - 1]) {
        const row = rowOfIndex(layout, index)!;
        expect(tileRows).toContain(row);
        expect(index).toBeGreaterThanOrEqual(row.index);
        expect(index).toBeLessThan(row.index + row.count);
      }
      expect(rowOfIndex(layout, layout.total)).toBeUndefined();
      expect(rowOfIndex(layout, -1)).toBeUndefined();
    }
  });

  it('gives the same row objects every time it is asked, and lays out a million photos as months', () => {
    const buckets = Array.from({ length: 1370 }, (_, i) => ({ month: month(2026, 0) - i, count: 730 }));
    const layout = layoutTimeline(buckets, 1240, 160);
    expect(layout.months).toHaveLength(1370);
    expect(layout.total).toBe(1370 * 730);
    expect(layout.height).toBeCloseTo(1370 * (HEADER_HEIGHT + Math.ceil(730 / 7) * (1240 / 7)), 3);
    const y = layout.height / 2;
    const screen = rowsBetween(layout, y, y + 800);
    expect(rowsBetween(layout, y, y + 800)).toEqual(screen);
    rowsBetween(layout, y, y + 800).forEach((row, i) => expect(row).toBe(screen[i]));
    expect(rowOfIndex(layout, (screen[2] as TileRow).index)).toBe(screen[2]);
    // Up and down in square tiles: a row's width in positions, across a month's header too.
    const last = layout.months[0]!.rows().at(-1) as TileRow;
    expect(tileAcross(layout, last.index, 1)).toBe(last.index + last.count);
    expect(tileAcross(layout, last.index + last.count, -1)).toBe(last.index);
    expect(tileAcross(layout, 10, 1)).toBe(17);
  });

  it('lays out 100,000 photos in contiguous rows', () => {
    const buckets = Array.from({ length: 400 }, (_, i) => ({ month: month(2024, 0) - i, count: 250 }));
    const layout = layoutTimeline(buckets, 1200, 160);
    expect(layout.total).toBe(100_000);
    const rows = allTileRows(layout);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(100_000);
    expect(rows.every((r, i) => i === 0 || r.index === rows[i - 1]!.index + rows[i - 1]!.count)).toBe(true);
  });
});

describe('the scrubber', () => {
  it('places each month where its header starts and finds the month at any scroll position', () => {
    const layout = layoutTimeline([{ month: month(2024, 1), count: 3 }, { month: month(2024, 0), count: 1 }, { month: month(2022, 11), count: 5 }], 400, 160);
    const starts = monthStarts(layout);
    expect(starts).toEqual([
      { month: month(2024, 1), top: 0 },
      { month: month(2024, 0), top: HEADER_HEIGHT + 400 },
      { month: month(2022, 11), top: 2 * HEADER_HEIGHT + 600 },
    ]);
    expect([0, 10, HEADER_HEIGHT + 399, HEADER_HEIGHT + 400, 2 * HEADER_HEIGHT + 600, 1e9].map((y) => monthIndexAt(starts, y))).toEqual([0, 0, 0, 1, 2, 2]);
  });

  it('labels a year at its newest month, leaves out labels and ticks that would touch, and reads nothing but the layout', () => {
    // Ten years of one photo an hour: 120 months.
    const buckets = Array.from({ length: 120 }, (_, i) => ({ month: month(2023, 11) - i, count: 72 }));
    const layout = layoutTimeline(buckets, 1200, 160);
    const starts = monthStarts(layout);
    const range = layout.height - 800;
    const { years, months } = scrubberMarks(starts, range, 0.02, 0.005);
    expect(years.map((y) => Math.floor(y.month / 12))).toEqual([2023, 2022, 2021, 2020, 2019, 2018, 2017, 2016, 2015, 2014]);
    expect(years.every((y) => y.month % 12 === 11)).toBe(true);
    expect(years[3]!.at).toBeCloseTo(starts[36]!.top / range);
    expect(months).toHaveLength(120);
    // On a short track the years crowd: only those a gap apart are labelled, newest first.
    const crowded = scrubberMarks(starts, range, 0.25, 0.05);
    expect(crowded.years.map((y) => Math.floor(y.month / 12))).toEqual([2023, 2020, 2017, 2014]);
    expect(crowded.months.length).toBeLessThan(25);
    expect(scrubberMarks(starts, 0, 0.02, 0.005)).toEqual({ years: [], months: [] });
    // A year of one photo just above a full one: the full year keeps its label.
    const withStray = monthStarts(layoutTimeline([{ month: month(2024, 0), count: 1 }, ...buckets], 1200, 160));
    expect(scrubberMarks(withStray, range, 0.02, 0.005).years.map((y) => Math.floor(y.month / 12)).slice(0, 2)).toEqual([2023, 2022]);
  });
});

describe('justified rows', () => {
  const portrait = 3 / 4;
  const landscape = 3 / 2;
  // Two months: one read (portraits and landscapes mixed), one whose shapes are not read yet.
  const read = new Map([[month(2024, 5), [landscape, portrait, portrait, landscape, landscape, portrait, 1, landscape, portrait, portrait]]]);
  const buckets = [{ month: month(2024, 5), count: 10 }, { month: month(2024, 4), count: 7 }];
  const layout = layoutTimeline(buckets, 1000, 160, { aspects: (m) => read.get(m), rowHeight: 180 });

  it('keeps each photo\'s aspect ratio in rows that fill the width', () => {
    expect(layout.justified).toBe(true);
    expect(layout.total).toBe(17);
    const june = allTileRows(layout).filter((r) => r.month === month(2024, 5));
    expect(june.reduce((n, r) => n + r.count, 0)).toBe(10);
    const aspects = read.get(month(2024, 5))!;
    for (const row of june) {
      row.widths!.forEach((w, i) => expect(w / row.height).toBeCloseTo(aspects[row.offset + i]!, 1));
      expect(row.height).toBeGreaterThan(120);
      expect(row.height).toBeLessThan(240);
    }
    // Every full row fills the width (the last, a widow, may not).
    for (const row of june.slice(0, -1)) expect(row.widths!.reduce((a, b) => a + b, 0)).toBeCloseTo(1000, -1);
    // Rows are contiguous and ordered.
    expect(allTileRows(layout).every((r, i) => i === 0 || r.index === allTileRows(layout)[i - 1]!.index + allTileRows(layout)[i - 1]!.count)).toBe(true);
  });

  it('gives a month not read yet rows of 4:3 tiles for its count, marked as a guess (the grid draws them bare)', () => {
    const may = allTileRows(layout).filter((r) => r.month === month(2024, 4));
    expect(may.reduce((n, r) => n + r.count, 0)).toBe(7);
    for (const row of may) row.widths!.forEach((w) => expect(w / row.height).toBeCloseTo(4 / 3));
    expect(may.every((r) => r.guessed)).toBe(true);
    expect(allTileRows(layout).filter((r) => r.month === month(2024, 5)).some((r) => r.guessed)).toBe(false);
    expect(allTileRows(layoutTimeline(buckets, 1000, 160)).some((r) => r.guessed)).toBe(false);
  });

  it('moves up and down to the tile across, and a dragged rectangle picks the tiles it touches', () => {
    const [first, second] = allTileRows(layout) as [TileRow, TileRow];
    // From the first row's last tile down: the second row's tile under its middle.
    const k = first.count - 1;
    const below = tileAcross(layout, first.index + k, 1);
    const centre = tileLefts(first, layout.tile)[k]! + first.widths![k]! / 2;
    const j = below - second.index;
    expect(tileLefts(second, 0)[j]!).toBeLessThanOrEqual(centre);
    expect(tileLefts(second, 0)[j]! + second.widths![j]!).toBeGreaterThanOrEqual(centre);
    expect(tileAcross(layout, below, -1)).toBe(first.index + k);
    expect(tileAcross(layout, 0, -1)).toBe(0);
    expect(tileAcross(layout, layout.total - 1, 1)).toBe(layout.total - 1);
    // A thin rectangle down the left edge: each row's first tile.
    const picked = positionsInRect(layout, { x0: 1, y0: 0, x1: 2, y1: second.top + 1 });
    expect(picked).toEqual([first.index, second.index]);
  });

  it('takes a photo\'s shape as shown: a quarter turn swaps width and height', () => {
    expect(shownAspect({ width: 3000, height: 4000 })).toBeCloseTo(0.75);
    expect(shownAspect({ width: 3000, height: 4000, rotation: 90 })).toBeCloseTo(4 / 3);
    expect(shownAspect({ width: 3000, height: 4000, rotation: 180 })).toBeCloseTo(0.75);
    expect(shownAspect({ width: 3000, height: 4000, rotation: 270 })).toBeCloseTo(4 / 3);
    expect(shownAspect({ width: 0, height: 0 })).toBe(1);
  });
});

describe('sameLayoutInputs', () => {
  const base = { buckets: [{ month: month(2023, 5), count: 10 }, { month: month(2023, 4), count: 6 }], width: 1200, justified: true, aspects: new Map([[month(2023, 5), [1.5, 0.75, 3]]]) };
  const copy = () => ({ ...base, buckets: base.buckets.map((b) => ({ ...b })), aspects: new Map([...base.aspects].map(([m, list]) => [m, [...list]])) });

  it('calls inputs delivered again with the same content the same (the grid keeps its rows and the focus)', () => {
    expect(sameLayoutInputs(base, copy())).toBe(true);
  });

  it('tells a count, a month, the width, the kind of layout or a shape that changed', () => {
    const changed = [
      { ...copy(), buckets: [{ month: month(2023, 5), count: 11 }, { month: month(2023, 4), count: 6 }] },
      { ...copy(), buckets: [{ month: month(2023, 5), count: 10 }, { month: month(2023, 3), count: 6 }] },
      { ...copy(), buckets: [{ month: month(2023, 5), count: 10 }] },
      { ...copy(), width: 1180 },
      { ...copy(), justified: false },
      { ...copy(), aspects: new Map([[month(2023, 5), [1.5, 1.5, 3]]]) },
      { ...copy(), aspects: new Map([[month(2023, 5), [1.5, 0.75, 3]], [month(2023, 4), [1]]]) },
      { ...copy(), aspects: new Map([[month(2023, 4), [1.5, 0.75, 3]]]) },
    ];
    for (const other of changed) expect(sameLayoutInputs(base, other), JSON.stringify({ ...other, aspects: [...other.aspects] })).toBe(false);
  });

  it('ignores the shapes of square tiles, which do not use them', () => {
    expect(sameLayoutInputs({ ...base, justified: false }, { ...copy(), justified: false, aspects: new Map() })).toBe(true);
  });
});
