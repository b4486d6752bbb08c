/** `2016-01-01 12:00:03Z` (UTC, whole seconds). */
export function formatTime(t: Date): string {
  return t.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

/** `0.42 s`, `12.5 s`, `3 min 20 s`, `2 h 5 min`. */
export function formatSeconds(s: number): string {
  if (s < 10) return `${s.toFixed(2)} s`;
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** Integer with thin grouping: `1 234 567`. */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** Rows per second with 3 significant digits. */
export function formatRate(n: number): string {
  return n >= 1000 ? formatCount(n) : Number(n.toPrecision(3)).toString();
}
