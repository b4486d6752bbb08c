import {
  hoursObject,
  orNull,
  spatialUnitFields,
  type AggregationUnit,
  type DateRange,
  type EventFilterOptions,
  type QuerySpec,
  type SpatialUnitOptions,
} from './spec-fields.js';

/**
 * Builders of the "counts" family (FlowClient's `query_specs.py` / `aggregates.py` names, camelCase options;
 * spec/query-kinds.md §6.1, §6.3).
 */

/** Top level: per zone, distinct subscribers minus the residents active there (both specs: same unit and dates). */
export function uniqueVisitorCountsSpec(p: {
  activeAtReferenceLocationCounts: QuerySpec;
  uniqueSubscriberCounts: QuerySpec;
}): QuerySpec {
  return {
    query_kind: 'unique_visitor_counts',
    active_at_reference_location_counts: p.activeAtReferenceLocationCounts,
    unique_subscriber_counts: p.uniqueSubscriberCounts,
  };
}

/** Top level: per reference zone, residents also seen there (`uniqueLocations`: a unique_locations spec). */
export function activeAtReferenceLocationCountsSpec(p: {
  uniqueLocations: QuerySpec;
  referenceLocations: QuerySpec;
}): QuerySpec {
  return {
    query_kind: 'active_at_reference_location_counts',
    unique_locations: p.uniqueLocations,
    reference_locations: p.referenceLocations,
  };
}

/** Top level: per reference zone, residents seen in that zone only (`locations`: a unique_locations spec). */
export function unmovingAtReferenceLocationCountsSpec(p: {
  locations: QuerySpec;
  referenceLocations: QuerySpec;
}): QuerySpec {
  return {
    query_kind: 'unmoving_at_reference_location_counts',
    locations: p.locations,
    reference_locations: p.referenceLocations,
  };
}

/** Top level: per zone, subscribers seen in that zone only (`locations`: a unique_locations spec). */
export function unmovingCountsSpec(p: { locations: QuerySpec }): QuerySpec {
  return { query_kind: 'unmoving_counts', locations: p.locations };
}

export type DfsMetric = 'amount' | 'commission' | 'fee' | 'discount';

/** Top level: per zone and UTC day, the total of a DFS transaction metric. */
export function dfsMetricTotalAmountSpec(
  p: DateRange & { metric: DfsMetric; aggregationUnit: AggregationUnit },
): QuerySpec {
  return {
    query_kind: 'dfs_metric_total_amount',
    metric: p.metric,
    start_date: p.startDate,
    end_date: p.endDate,
    aggregation_unit: p.aggregationUnit,
  };
}

/** Metric: distinct locations per subscriber (joined_spatial_aggregate, histogram_aggregate). */
export function uniqueLocationCountsSpec(
  p: DateRange & EventFilterOptions & SpatialUnitOptions & { aggregationUnit: AggregationUnit },
): QuerySpec {
  return {
    query_kind: 'unique_location_counts',
    start_date: p.startDate,
    end_date: p.endDate,
    aggregation_unit: p.aggregationUnit,
    ...spatialUnitFields(p),
    event_types: orNull(p.eventTypes),
    subscriber_subset: orNull(p.subscriberSubset),
    hours: hoursObject(p.hours),
  };
}

export interface TotalActivePeriodsParams extends EventFilterOptions {
  startDate: string;
  totalPeriods: number;
  /** Default 1. */
  periodLength?: number;
  /** Default `days`. */
  periodUnit?: 'days' | 'hours' | 'minutes';
}

/** Metric: number of periods with at least one event (histogram_aggregate). */
export function totalActivePeriodsSpec(p: TotalActivePeriodsParams): QuerySpec {
  return {
    query_kind: 'total_active_periods',
    start_date: p.startDate,
    total_periods: p.totalPeriods,
    period_length: p.periodLength ?? 1,
    period_unit: p.periodUnit ?? 'days',
    event_types: orNull(p.eventTypes),
    subscriber_subset: orNull(p.subscriberSubset),
    hours: hoursObject(p.hours),
  };
}

/** Test only (servers publish it only with NODE_ENV=test): no output, sleeps `dummyDelay` seconds. */
export function dummyQuerySpec(p: {
  aggregationUnit: AggregationUnit;
  dummyParam: string;
  dummyDelay?: number;
}): QuerySpec {
  return {
    query_kind: 'dummy_query',
    aggregation_unit: p.aggregationUnit,
    dummy_param: p.dummyParam,
    dummy_delay: p.dummyDelay ?? 0,
  };
}
