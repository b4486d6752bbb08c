/** Order of event types in the body; types outside the list follow in code-point order. */
const TYPE_ORDER = ['calls', 'sms', 'mds', 'topups', 'forwards'];

/**
 * `{"available_dates": {"calls": [...], ...}}` (spec/api.md §8): one key per type that has a date, dates ascending.
 */
export function availableDatesBody(rows: readonly { cdrType: string; cdrDate: string }[]): { available_dates: Record<string, string[]> } {
  const byType = new Map<string, string[]>();
  for (const r of rows) {
    const dates = byType.get(r.cdrType) ?? [];
    dates.push(r.cdrDate);
    byType.set(r.cdrType, dates);
  }
  const rank = (t: string): number => {
    const i = TYPE_ORDER.indexOf(t);
    return i === -1 ? TYPE_ORDER.length : i;
  };
  const types = [...byType.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, string[]> = {};
  for (const t of types) out[t] = [...(byType.get(t) ?? [])].sort();
  return { available_dates: out };
}
