import { monthOf, monthSpan, type TimelineKey } from '../catalog/timeline-repo';
import type { MonthCount } from '../search/planner';
import type { IdList } from '../search/packed';

/**
 * A search answer as the results grid and the viewer read it: keys month by month, and where a
 * key stands among the results. Built from the month counts alone (a few hundred), so a new
 * answer of 50,000 photos costs the page nothing until the grid asks for what it shows (and the
 * worker nothing until then either: ids are fetched as they are read, packed.ts).
 */
export interface ResultIndex {
  /** The keys of one month's results (they carry the month's start, not the photo's time). */
  keysOfMonth(month: number): Promise<TimelineKey[]>;
  /** The key's place in the answer, or -1. */
  positionOf(key: TimelineKey): Promise<number>;
}

export function resultIndex(ids: IdList, buckets: readonly MonthCount[]): ResultIndex {
  const months = new Map<number, { at: number; count: number }>();
  let at = 0;
  for (const { month, count } of buckets) {
    months.set(month, { at, count });
    at += count;
  }
  return {
    async keysOfMonth(month) {
      const span = months.get(month);
      if (!span) return [];
      const start = monthSpan(month)[0];
      return (await ids.slice(span.at, span.at + span.count)).map((id): TimelineKey => [start, id]);
    },
    async positionOf([start, id]) {
      const span = months.get(monthOf(start));
      if (!span) return -1;
      // Within its month only: the ids are fetched and decoded as they are read (packed.ts).
      const at = (await ids.slice(span.at, span.at + span.count)).indexOf(id);
      return at < 0 ? -1 : span.at + at;
    },
  };
}
