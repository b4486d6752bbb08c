import {
  extraHours,
  orNull,
  spatialUnitFields,
  type AdminUnit,
  type AggregationUnit,
  type DateRange,
  type Direction,
  type EventType,
  type Hours,
  type QuerySpec,
  type SpatialUnitOptions,
  type SubscriberSubset,
} from './spec-fields.js';

/** Top-level (aggregate) builders (FlowClient's `aggregates.py`; spec/query-kinds.md §6.1). */

export function spatialAggregateSpec(p: { locations: QuerySpec }): QuerySpec {
  return { query_kind: 'spatial_aggregate', locations: p.locations };
}

export type JoinedSpatialAggregateMethod = 'avg' | 'max' | 'min' | 'median' | 'mode' | 'stddev' | 'variance' | 'distr';

export interface JoinedSpatialAggregateParams {
  locations: QuerySpec;
  metric: QuerySpec;
  /** Default `avg`; categorical metrics (handset) take `distr`. */
  method?: JoinedSpatialAggregateMethod;
}

export function joinedSpatialAggregateSpec(p: JoinedSpatialAggregateParams): QuerySpec {
  return { query_kind: 'joined_spatial_aggregate', method: p.method ?? 'avg', locations: p.locations, metric: p.metric };
}

/** Alias of `joinedSpatialAggregateSpec`. */
export const jointSpatialAggregateSpec = joinedSpatialAggregateSpec;

export type JoinType = 'inner' | 'full outer' | 'left' | 'right' | 'left outer' | 'right outer';

export interface FlowsParams {
  fromLocation: QuerySpec;
  toLocation: QuerySpec;
  /** Sent only when given (FlowClient sends no `join_type`; the server defaults to `inner`). */
  joinType?: JoinType;
}

function flowsLike(kind: string, p: FlowsParams): QuerySpec {
  return {
    query_kind: kind,
    from_location: p.fromLocation,
    to_location: p.toLocation,
    ...(p.joinType === undefined ? {} : { join_type: p.joinType }),
  };
}

export function flowsSpec(p: FlowsParams): QuerySpec {
  return flowsLike('flows', p);
}

export function inflowsSpec(p: FlowsParams): QuerySpec {
  return flowsLike('inflows', p);
}

export function outflowsSpec(p: FlowsParams): QuerySpec {
  return flowsLike('outflows', p);
}

export interface RangeAggregateParams extends DateRange, SpatialUnitOptions {
  aggregationUnit: AggregationUnit;
  eventTypes?: readonly EventType[] | null;
  subscriberSubset?: SubscriberSubset;
  /** Sent only when given: FlowClient's builders for these kinds send no `hours` key. */
  hours?: Hours | null;
}

export function uniqueSubscriberCountsSpec(p: RangeAggregateParams): QuerySpec {
  return {
    query_kind: 'unique_subscriber_counts',
    start_date: p.startDate,
    end_date: p.endDate,
    aggregation_unit: p.aggregationUnit,
    ...spatialUnitFields(p),
    event_types: orNull(p.eventTypes),
    subscriber_subset: orNull(p.subscriberSubset),
    ...extraHours(p.hours),
  };
}

export function locationIntroversionSpec(p: RangeAggregateParams & { direction?: Direction }): QuerySpec {
  return {
    query_kind: 'location_introversion',
    start_date: p.startDate,
    end_date: p.endDate,
    aggregation_unit: p.aggregationUnit,
    direction: p.direction ?? 'both',
    ...spatialUnitFields(p),
    event_types: orNull(p.eventTypes),
    subscriber_subset: orNull(p.subscriberSubset),
    ...extraHours(p.hours),
  };
}

export type TotalBy = 'second' | 'minute' | 'hour' | 'day' | 'month' | 'year';

export function totalNetworkObjectsSpec(p: RangeAggregateParams & { totalBy?: TotalBy }): QuerySpec {
  return {
    query_kind: 'total_network_objects',
    start_date: p.startDate,
    end_date: p.endDate,
    aggregation_unit: p.aggregationUnit,
    total_by: p.totalBy ?? 'day',
    ...spatialUnitFields(p),
    event_types: orNull(p.eventTypes),
    subscriber_subset: orNull(p.subscriberSubset),
    ...extraHours(p.hours),
  };
}

export interface AggregateNetworkObjectsParams {
  totalNetworkObjects: QuerySpec;
  statistic: 'avg' | 'max' | 'min' | 'median' | 'mode' | 'stddev' | 'variance';
  /** Default `day`, as FlowClient sends (the server's own default, for a missing key, is one level above total_by). */
  aggregateBy?: TotalBy | 'century';
}

export function aggregateNetworkObjectsSpec(p: AggregateNetworkObjectsParams): QuerySpec {
  return {
    query_kind: 'aggregate_network_objects',
    total_network_objects: p.totalNetworkObjects,
    statistic: p.statistic,
    aggregate_by: p.aggregateBy ?? 'day',
  };
}

export interface LocationEventCountsParams extends RangeAggregateParams {
  /** Sent as `interval`. */
  countInterval: 'day' | 'hour' | 'min';
  direction?: Direction;
}

export function locationEventCountsSpec(p: LocationEventCountsParams): QuerySpec {
  return {
    query_kind: 'location_event_counts',
    start_date: p.startDate,
    end_date: p.endDate,
    interval: p.countInterval,
    aggregation_unit: p.aggregationUnit,
    direction: p.direction ?? 'both',
    event_types: orNull(p.eventTypes),
    subscriber_subset: orNull(p.subscriberSubset),
    ...spatialUnitFields(p),
    ...extraHours(p.hours),
  };
}

export interface HistogramAggregateParams {
  metric: QuerySpec;
  /** A number of equal-width bins, or the list of bin edges. */
  bins: number | readonly number[];
  /** `[lower, upper]` bounds of the histogram; default the metric's range. */
  range?: readonly [number, number] | null;
}

/**
 * **Deviation**: FlowClient sends `range` as a two-item list, which FlowKit's own schema (a `Bounds` object) rejects;
 * this builder sends the `{"lower_bound", "upper_bound"}` object that the server validates (spec/query-kinds.md §6.1).
 */
export function histogramAggregateSpec(p: HistogramAggregateParams): QuerySpec {
  const bins = typeof p.bins === 'number' ? { n_bins: p.bins } : { bin_list: [...p.bins] };
  const spec: QuerySpec = { query_kind: 'histogram_aggregate', metric: p.metric, bins };
  if (p.range !== undefined && p.range !== null) {
    spec['range'] = { lower_bound: p.range[0], upper_bound: p.range[1] };
  }
  return spec;
}

/** The zones of an admin unit as a query (`pcod`, `name`; geometry in `.geojson`). */
export function geographySpec(p: { aggregationUnit: AdminUnit }): QuerySpec {
  return { query_kind: 'geography', aggregation_unit: p.aggregationUnit };
}

function tripsLike(kind: string, p: RangeAggregateParams): QuerySpec {
  return {
    query_kind: kind,
    start_date: p.startDate,
    end_date: p.endDate,
    aggregation_unit: p.aggregationUnit,
    event_types: orNull(p.eventTypes),
    subscriber_subset: orNull(p.subscriberSubset),
    ...spatialUnitFields(p),
    ...extraHours(p.hours),
  };
}

export function tripsOdMatrixSpec(p: RangeAggregateParams): QuerySpec {
  return tripsLike('trips_od_matrix', p);
}

export function consecutiveTripsOdMatrixSpec(p: RangeAggregateParams): QuerySpec {
  return tripsLike('consecutive_trips_od_matrix', p);
}
