// Date and duration formatting. auth answers ISO-µs (`…000000Z`) or HTTP-dates; both parse with Date.

export function parseDate(value) {
  if (value === null || value === undefined || value === '') return null;
  const d = new Date(String(value).replace(/(\.\d{3})\d+Z$/, '$1Z'));
  return Number.isNaN(d.getTime()) ? null : d;
}

const pad = (n) => String(n).padStart(2, '0');

/** "2025-01-31 12:00 UTC", or "—" for none. */
export function formatDate(value) {
  const d = value instanceof Date ? value : parseDate(value);
  if (!d) return '—';
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "3 days 4 hours", "45 minutes". */
export function formatMinutes(total) {
  if (!Number.isFinite(total)) return '';
  const minutes = Math.max(0, Math.round(total));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = [];
  if (days) parts.push(`${days} day${days === 1 ? '' : 's'}`);
  if (hours) parts.push(`${hours} hour${hours === 1 ? '' : 's'}`);
  if (mins || parts.length === 0) parts.push(`${mins} minute${mins === 1 ? '' : 's'}`);
  return parts.slice(0, 2).join(' ');
}

/** <input type="datetime-local"> value (local time) → ISO 8601 with Z, or null when empty. */
export function localInputToIso(value) {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** API date → <input type="datetime-local"> value in local time ('' for none). */
export function isoToLocalInput(value) {
  const d = parseDate(value);
  if (!d) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Integer from a number input, or undefined when empty/invalid. */
export function intOf(input) {
  const n = Number(input.value);
  return input.value.trim() === '' || !Number.isInteger(n) ? undefined : n;
}
