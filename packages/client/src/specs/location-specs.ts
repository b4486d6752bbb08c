import {
  hoursObject,
  orNull,
  spatialUnitFields,
  type AggregationUnit,
  type DateRange,
  type EventFilterOptions,
  type LocationMethod,
  type QuerySpec,
  type SpatialUnitOptions,
} from './spec-fields.js';

/** Reference-location builders (FlowClient's `query_specs.py`; spec/query-kinds.md §6.2). Never top level. */

export interface LocationFilterOptions extends EventFilterOptions, SpatialUnitOptions {
  aggregationUnit: AggregationUnit;
}

export interface DailyLocationParams extends LocationFilterOptions {
  /** ISO date, e.g. `2016-01-01`. */
  date: string;
  method: LocationMethod;
}

export function dailyLocationSpec(p: DailyLocationParams): QuerySpec {
  return {
    query_kind: 'daily_location',
    date: p.date,
    aggregation_unit: p.aggregationUnit,
    method: p.method,
    event_types: orNull(p.eventTypes),
    subscriber_subset: orNull(p.subscriberSubset),
    ...spatialUnitFields(p),
    hours: hoursObject(p.hours),
  };
}

export function modalLocationSpec(p: { locations: readonly QuerySpec[] }): QuerySpec {
  return { query_kind: 'modal_location', locations: [...p.locations] };
}

/** Epoch ms of an ISO date or date-time; naive values are UTC (spec/query-kinds.md §1). */
function instant(value: string): number {
  const withTime = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00` : value;
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(withTime) ? withTime : `${withTime}Z`;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms)) throw new TypeError(`Not an ISO 8601 date: '${value}'.`);
  return ms;
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of each day from `startDate` (inclusive) to `endDate` (exclusive), like `pd.date_range(closed="left")`. */
export function datesInRange(startDate: string, endDate: string): string[] {
  const end = instant(endDate);
  const dates: string[] = [];
  for (let t = instant(startDate); t < end; t += DAY_MS) dates.push(new Date(t).toISOString().slice(0, 10));
  return dates;
}

export interface ModalLocationFromDatesParams extends LocationFilterOptions, DateRange {
  method: LocationMethod;
}

/** A modal location over one daily location per day of `[startDate, endDate)`. */
export function modalLocationFromDatesSpec(p: ModalLocationFromDatesParams): QuerySpec {
  const { startDate, endDate, ...daily } = p;
  return modalLocationSpec({
    locations: datesInRange(startDate, endDate).map((date) => dailyLocationSpec({ ...daily, date })),
  });
}

export interface RangeLocationParams extends LocationFilterOptions, DateRange {}

export function mostFrequentLocationSpec(p: RangeLocationParams): QuerySpec {
  return {
    query_kind: 'most_frequent_location',
    start_date: p.startDate,
    end_date: p.endDate,
    hours: hoursObject(p.hours),
    aggregation_unit: p.aggregationUnit,
    event_types: orNull(p.eventTypes),
    subscriber_subset: orNull(p.subscriberSubset),
    ...spatialUnitFields(p),
  };
}

/** Same keys as `most_frequent_location` (FlowClient has no builder for this kind). */
export function visitedMostDaysSpec(p: RangeLocationParams): QuerySpec {
  return { ...mostFrequentLocationSpec(p), query_kind: 'visited_most_days' };
}

export function uniqueLocationsSpec(p: RangeLocationParams): QuerySpec {
  return {
    query_kind: 'unique_locations',
    start_date: p.startDate,
    end_date: p.endDate,
    aggregation_unit: p.aggregationUnit,
    event_types: orNull(p.eventTypes),
    subscriber_subset: orNull(p.subscriberSubset),
    ...spatialUnitFields(p),
    hours: hoursObject(p.hours),
  };
}
