/** The part of a spec that selects events: types, time range, hour window (query-kinds.md §1). */
export interface EventWindow {
  /** Inclusive start, ISO 8601 (UTC when naive). */
  start: string;
  /** Exclusive end. */
  end: string;
  /** Selected event types; all four when the spec says `null`. */
  eventTypes: readonly EventType[];
  hours: { startHour: number; endHour: number } | null;
  /** `subscriber_subset`: id of a completed per-subscriber query whose subscribers alone are read (Tier 2). */
  subscriberSubset?: string | null;
  /** `mapping_table` & co.: how cells map to the unit's locations instead of geography.cell_admin (Tier 2). */
  spatial?: SpatialOptions | null;
}

/** FlowKit's make_spatial_unit(mapping_table=..., geom_table=..., geom_table_join_on=...) options. */
export interface SpatialOptions {
  /** `geography.<name>` with columns `id` (cell id) and `admin<n>pcod` or `geomTableJoinColumn`. */
  mappingTable: string;
  /** lon-lat only: `geography.<name>` with `geom_point` and `geomTableJoinColumn`. */
  geomTable: string | null;
  geomTableJoinColumn: string | null;
}

export const ALL_EVENT_TYPES = ['calls', 'sms', 'mds', 'topups'] as const;
export type EventType = (typeof ALL_EVENT_TYPES)[number];

/** `event_types` of a canonical spec: `null` → all four (query-kinds.md §1). */
export function eventTypesOf(spec: Record<string, unknown>): EventType[] {
  const v = spec['event_types'];
  if (v === null || v === undefined) return [...ALL_EVENT_TYPES];
  if (!Array.isArray(v)) throw new TypeError('event_types must be an array or null');
  return ALL_EVENT_TYPES.filter((t) => v.includes(t));
}

/** `hours` of a canonical spec. */
export function hoursOf(spec: Record<string, unknown>): EventWindow['hours'] {
  const h = spec['hours'] as { start_hour?: number; end_hour?: number } | null | undefined;
  if (h === null || h === undefined) return null;
  return { startHour: Number(h.start_hour), endHour: Number(h.end_hour) };
}

function optString(spec: Record<string, unknown>, key: string): string | null {
  const v = spec[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new TypeError(`${key} must be a string or null`);
  return v;
}

/** The Tier 2 options of a canonical spec (absent fields, e.g. of metrics without mapping tables, are null). */
export function optionsOf(spec: Record<string, unknown>): Pick<EventWindow, 'subscriberSubset' | 'spatial'> {
  const mappingTable = optString(spec, 'mapping_table');
  return {
    subscriberSubset: optString(spec, 'subscriber_subset'),
    spatial:
      mappingTable === null
        ? null
        : {
            mappingTable,
            geomTable: optString(spec, 'geom_table'),
            geomTableJoinColumn: optString(spec, 'geom_table_join_column'),
          },
  };
}

/** Naive date-times are UTC (query-kinds.md §1); a bare date means its midnight. */
export function toUtcInstant(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00Z`;
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(value)) return value;
  return `${value}Z`;
}

/** The UTC day (`YYYY-MM-DD`) of a date or date-time. */
export function utcDay(value: string): string {
  return new Date(toUtcInstant(value)).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The window of a `daily_location`: its whole UTC day. */
export function dayWindow(spec: Record<string, unknown>): EventWindow {
  const day = utcDay(String(spec['date']));
  return {
    start: `${day}T00:00:00Z`,
    end: `${addDays(day, 1)}T00:00:00Z`,
    eventTypes: eventTypesOf(spec),
    hours: hoursOf(spec),
    ...optionsOf(spec),
  };
}

/** The window of a `start_date`/`end_date` spec. */
export function rangeWindow(spec: Record<string, unknown>): EventWindow {
  return {
    start: toUtcInstant(String(spec['start_date'])),
    end: toUtcInstant(String(spec['end_date'])),
    eventTypes: eventTypesOf(spec),
    hours: hoursOf(spec),
    ...optionsOf(spec),
  };
}
