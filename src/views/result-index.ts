import { monthOf, monthSpan, type TimelineKey } from '../catalog/timeline-repo';
import type { MonthCount } from '../search/planner';
import type { IdList } from '../search/packed';

/**
 * A search answer as the results grid and the viewer read it: keys month by month, and where a
 * key stands among the results. Built from the month counts alone (a few hundred), so a new
 * answer of 50,000 photos costs the page nothing until the grid asks for what it shows.
 */
export interface ResultIndex {
  /** The keys of one month's results (they carry the month's start, not the photo's time). */
  keysOfMonth(month: number): TimelineKey[];
  /** The key's place in the answer, or -1. */
  positionOf(key: TimelineKey): number;
}

export function resultIndex(ids: IdList, buckets: readonly MonthCount[]): ResultIndex {
  const months = new Map<number, { at: number; count: number }>();
  let at = 0;
  for (const { month, count } of buckets) {
    months.set(month, { at, count });
    at += count;
  }
  return {
    keysOfMonth(month) {
      const span = months.get(month);
      if (!span) return [];
      const start = monthSpan(month)[0];
      return ids.slice(span.at, span.at + span.count).map((id): TimelineKey => [start, id]);
    },
    positionOf([start, id]) {
      const span = months.get(monthOf(start));
      if (!span) return -1;
      // Within its month only: the ids are decoded as they are read (packed.ts).
      for (let i = span.at; i < span.at + span.count; i++) if (ids.at(i) === id) return i;
      return -1;
    },
  };
}
