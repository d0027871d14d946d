/** A month (year × 12 + month, 0-based) as the `at` parameter of a timeline link: `2019-06`. */
export const monthParam = (month: number): string => `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;

/** The month an `at=2019-06` parameter names, or undefined. */
export function parseMonthParam(value: string | null): number | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(value ?? '');
  if (!m) return undefined;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? Number(m[1]) * 12 + month - 1 : undefined;
}
