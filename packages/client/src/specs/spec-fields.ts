/**
 * Shared parameter types and field helpers of the spec builders. Builders take camelCase options and emit the
 * snake_case JSON FlowClient sends (`flowclient/query_specs.py`, `aggregates.py`): every optional key present, `null`
 * when not given, so that a spec built here and one built by FlowClient have the same query id.
 */

/** A query spec as sent to `POST /api/0/run` (or nested in one). */
export type QuerySpec = { query_kind: string } & Record<string, unknown>;

export type AggregationUnit = 'admin0' | 'admin1' | 'admin2' | 'admin3' | 'lon-lat';
export type AdminUnit = 'admin0' | 'admin1' | 'admin2' | 'admin3';
export type EventType = 'calls' | 'sms' | 'mds' | 'topups';
export type Direction = 'in' | 'out' | 'both';
export type LocationMethod = 'last' | 'most-common';
export type Statistic = 'count' | 'sum' | 'avg' | 'max' | 'min' | 'median' | 'stddev' | 'variance' | 'mode';
/** `[start_hour, end_hour]`, each 0–24 (FlowClient's `hours` tuple). */
export type Hours = readonly [number, number];
/** A subset query spec or a query id (Tier 2; Flowdeck's Tier 1 accepts only null). */
export type SubscriberSubset = Record<string, unknown> | string | null;

/** `event_types`, `subscriber_subset`, `hours` (query-kinds.md `MET`). */
export interface EventFilterOptions {
  eventTypes?: readonly EventType[] | null;
  subscriberSubset?: SubscriberSubset;
  hours?: Hours | null;
}

/** `mapping_table`, `geom_table`, `geom_table_join_column` (Tier 2; null only in Tier 1). */
export interface SpatialUnitOptions {
  mappingTable?: string | null;
  geomTable?: string | null;
  geomTableJoinColumn?: string | null;
}

export interface DateRange {
  /** Inclusive start, ISO 8601 (`2016-01-01`). */
  startDate: string;
  /** Exclusive end, ISO 8601. */
  endDate: string;
}

/** FlowClient's `hours` conversion: `null`, or `{"start_hour", "end_hour"}`. */
export function hoursObject(hours: Hours | null | undefined): { start_hour: number; end_hour: number } | null {
  return hours === undefined || hours === null ? null : { start_hour: hours[0], end_hour: hours[1] };
}

/** `value`, or `null` when absent. */
export function orNull<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

/** The three spatial-unit keys, in FlowClient's order. */
export function spatialUnitFields(o: SpatialUnitOptions): Record<string, unknown> {
  return {
    mapping_table: orNull(o.mappingTable),
    geom_table: orNull(o.geomTable),
    geom_table_join_column: orNull(o.geomTableJoinColumn),
  };
}

/** `{ hours }` when given: for kinds whose FlowClient builder sends no `hours` key but Flowdeck accepts one. */
export function extraHours(hours: Hours | null | undefined): Record<string, unknown> {
  return hours === undefined || hours === null ? {} : { hours: hoursObject(hours) };
}
