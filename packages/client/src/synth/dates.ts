/** `YYYY-MM-DD` of `date` plus `days` (UTC). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The same calendar day one year earlier (29 February becomes 28 February). */
export function oneYearBefore(date: string): string {
  const [y, m, d] = date.split('-');
  const prev = `${Number(y) - 1}-${m}-${d}`;
  return m === '02' && d === '29' ? `${Number(y) - 1}-02-28` : prev;
}

/** `YYYYMMDD` of a `YYYY-MM-DD` date. */
export function compactDate(date: string): string {
  return date.replace(/-/g, '');
}
