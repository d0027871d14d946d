import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { calendarYears, monthCovers, onThisDay } from '../../src/catalog/calendar-repo';
import { recountMonths } from '../../src/catalog/timeline-repo';
import type { PhotoRow } from '../../src/catalog/types';
import { useFreshDb } from './catalog-factories';

const db = useFreshDb('calendar');

/** Photos taken at these wall-clock times (UTC fields), the `private` and `archived` ones marked so. */
async function photos(times: readonly (readonly [at: number, priv?: boolean, archived?: boolean])[]) {
  const rows = times.map(([takenAt, priv, archived], i): PhotoRow => ({
    id: `p${String(i).padStart(3, '0')}`, takenAt, takenAtSource: 'exif', width: 4, height: 3, mediaType: 'image/jpeg', name: `IMG_${i}.jpg`,
    damaged: false, addedAt: 0, keywords: [], warnings: [], labels: [], categories: [], colors: [], monochrome: false, private: priv ?? false, archived,
  } as unknown as PhotoRow));
  await db().transaction('rw', db().photos, db().months, async () => {
    await db().photos.bulkPut(rows);
    await recountMonths(db(), rows.map((r) => r.takenAt));
  });
  return rows.map((r) => r.id);
}

describe('calendar', () => {
  it('counts years and months from the month counts, private photos only when shown', async () => {
    await photos([[Date.UTC(2019, 5, 3)], [Date.UTC(2019, 5, 20)], [Date.UTC(2019, 11, 31, 23)], [Date.UTC(2021, 0, 1), true], [Date.UTC(2021, 1, 2)]]);
    expect(await calendarYears(db(), false)).toEqual([
      { year: 2021, count: 1, months: [{ month: 2021 * 12 + 1, count: 1 }] },
      { year: 2019, count: 3, months: [{ month: 2019 * 12 + 11, count: 1 }, { month: 2019 * 12 + 5, count: 2 }] },
    ]);
    expect((await calendarYears(db(), true))[0]).toEqual({ year: 2021, count: 2, months: [{ month: 2021 * 12 + 1, count: 1 }, { month: 2021 * 12, count: 1 }] });
  });

  it('covers each month with its newest shown photo', async () => {
    const ids = await photos([[Date.UTC(2019, 5, 3)], [Date.UTC(2019, 5, 20)], [Date.UTC(2019, 5, 25), true]]);
    const june = 2019 * 12 + 5;
    expect((await monthCovers(db(), [june], false)).get(june)).toEqual([Date.UTC(2019, 5, 20), ids[1]]);
    expect((await monthCovers(db(), [june], true)).get(june)).toEqual([Date.UTC(2019, 5, 25), ids[2]]);
    expect((await monthCovers(db(), [june + 1], true)).size).toBe(0);
  });

  it('finds the photos within three days of today in every earlier year, newest year first', async () => {
    const ids = await photos([
      [Date.UTC(2023, 5, 12, 0, 0)], // first minute of the window
      [Date.UTC(2023, 5, 18, 23, 59)], // last minute of it
      [Date.UTC(2023, 5, 19, 0, 1)], // a day too late
      [Date.UTC(2023, 5, 11, 23, 59)], // a minute too early
      [Date.UTC(2020, 5, 15, 9)],
      [Date.UTC(2020, 5, 16, 9), true], // private
      [Date.UTC(2024, 5, 15, 9)], // this year: not a memory
      [Date.UTC(2022, 0, 1)], // another day
    ]);
    const today = new Date(2024, 5, 15, 8, 30); // local time: the person's calendar day
    const found = await onThisDay(db(), today, false);
    expect(found.map((m) => [m.year, m.keys.map((k) => k[1]), m.from, m.to])).toEqual([
      [2023, [ids[1], ids[0]], '2023-06-12', '2023-06-18'],
      [2020, [ids[4]], '2020-06-12', '2020-06-18'],
    ]);
    expect((await onThisDay(db(), today, true)).find((m) => m.year === 2020)?.keys.map((k) => k[1])).toEqual([ids[5], ids[4]]);
  });

  it('counts every photo of the days but reads only the newest asked for, private ones among them when shown', async () => {
    const ids = await photos([
      [Date.UTC(2023, 5, 13, 9)],
      [Date.UTC(2023, 5, 14, 9), true], // private
      [Date.UTC(2023, 5, 15, 9)],
      [Date.UTC(2023, 5, 16, 9), true], // private
      [Date.UTC(2023, 5, 17, 9)],
    ]);
    const today = new Date(2024, 5, 15, 8, 30);
    const shown = (await onThisDay(db(), today, false, { newest: 2 })).map((m) => [m.year, m.count, m.keys.map((k) => k[1])]);
    expect(shown).toEqual([[2023, 3, [ids[4], ids[2]]]]);
    const all = (await onThisDay(db(), today, true, { newest: 3 })).map((m) => [m.year, m.count, m.keys.map((k) => k[1])]);
    expect(all).toEqual([[2023, 5, [ids[4], ids[3], ids[2]]]]);
  });

  it('counts every year but reads the keys of the newest years asked for only', async () => {
    const ids = await photos([[Date.UTC(2023, 5, 15)], [Date.UTC(2021, 5, 16)], [Date.UTC(2021, 5, 14)], [Date.UTC(2019, 5, 15)], [Date.UTC(2018, 0, 1)]]);
    const today = new Date(2024, 5, 15, 8, 30);
    const found = (await onThisDay(db(), today, false, { years: 2 })).map((m) => [m.year, m.count, m.keys.map((k) => k[1])]);
    expect(found).toEqual([[2023, 1, [ids[0]]], [2021, 2, [ids[1], ids[2]]], [2019, 1, []]]);
  });

  it('turns 29 February into the days around 1 March in a common year', async () => {
    const ids = await photos([[Date.UTC(2023, 1, 26)], [Date.UTC(2023, 2, 4, 12)], [Date.UTC(2023, 2, 5, 12)]]);
    const found = await onThisDay(db(), new Date(2024, 1, 29, 12), false);
    expect(found.map((m) => m.keys.map((k) => k[1]))).toEqual([[ids[1], ids[0]]]);
  });

  it('leaves archived photos out of counts, covers and memories, private or not, as the timeline does', async () => {
    const ids = await photos([[Date.UTC(2023, 5, 14)], [Date.UTC(2023, 5, 15), false, true], [Date.UTC(2023, 5, 16), true, true], [Date.UTC(2022, 5, 15), false, true]]);
    const june = 2023 * 12 + 5;
    for (const all of [false, true]) {
      expect(await calendarYears(db(), all)).toEqual([{ year: 2023, count: 1, months: [{ month: june, count: 1 }] }]);
      expect((await monthCovers(db(), [june], all)).get(june)).toEqual([Date.UTC(2023, 5, 14), ids[0]]);
      expect((await onThisDay(db(), new Date(2024, 5, 15), all)).map((m) => [m.year, m.keys.map((k) => k[1])])).toEqual([[2023, [ids[0]]]]);
    }
  });
});
