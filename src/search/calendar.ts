/** Words that name a time of year, or a year: "march", "summer", "christmas", "2019". */
export interface Calendar {
  year?: number;
  /** 1–12. */
  months: number[];
  /** 1–31, within those months. */
  days?: number[];
}

export const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Seasons as the northern hemisphere counts them (meteorological). */
const SEASONS: Record<string, number[]> = {
  spring: [3, 4, 5],
  summer: [6, 7, 8],
  autumn: [9, 10, 11],
  fall: [9, 10, 11],
  winter: [12, 1, 2],
};

const HOLIDAYS: Record<string, Calendar> = {
  christmas: { months: [12], days: [24, 25, 26] },
  xmas: { months: [12], days: [24, 25, 26] },
  halloween: { months: [10], days: [31] },
};

export function calendarWord(word: string): Calendar | undefined {
  const w = word.trim().toLowerCase();
  if (/^(18|19|20)\d\d$/.test(w)) return { year: Number(w), months: [] };
  const month = MONTH_NAMES.indexOf(w);
  if (month >= 0) return { months: [month + 1] };
  const season = SEASONS[w];
  if (season) return { months: season };
  return HOLIDAYS[w];
}
