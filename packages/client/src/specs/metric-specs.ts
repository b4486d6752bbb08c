import {
  hoursObject,
  orNull,
  type DateRange,
  type Direction,
  type EventFilterOptions,
  type EventType,
  type Hours,
  type QuerySpec,
  type Statistic,
  type SubscriberSubset,
} from './spec-fields.js';

/** Per-subscriber metric builders (FlowClient's `query_specs.py`; spec/query-kinds.md §6.3). Never top level. */

export interface MetricParams extends EventFilterOptions, DateRange {}

/** `event_types`, `subscriber_subset`, `hours` in FlowClient's trailing order. */
function filters(p: EventFilterOptions): Record<string, unknown> {
  return {
    event_types: orNull(p.eventTypes),
    subscriber_subset: orNull(p.subscriberSubset),
    hours: hoursObject(p.hours),
  };
}

export function radiusOfGyrationSpec(p: MetricParams): QuerySpec {
  return { query_kind: 'radius_of_gyration', start_date: p.startDate, end_date: p.endDate, ...filters(p) };
}

export interface DirectedMetricParams extends MetricParams {
  /** Default `both`. */
  direction?: Direction;
}

export function eventCountSpec(p: DirectedMetricParams): QuerySpec {
  return {
    query_kind: 'event_count',
    start_date: p.startDate,
    end_date: p.endDate,
    direction: p.direction ?? 'both',
    ...filters(p),
  };
}

export function subscriberDegreeSpec(p: DirectedMetricParams): QuerySpec {
  return {
    query_kind: 'subscriber_degree',
    start_date: p.startDate,
    end_date: p.endDate,
    direction: p.direction ?? 'both',
    ...filters(p),
  };
}

export type HandsetCharacteristic = 'hnd_type' | 'brand' | 'model' | 'software_os_name' | 'software_os_vendor';

export interface HandsetParams extends MetricParams {
  /** Default `hnd_type`. */
  characteristic?: HandsetCharacteristic;
  /** Default `last`. */
  method?: 'last' | 'most-common';
}

export function handsetSpec(p: HandsetParams): QuerySpec {
  return {
    query_kind: 'handset',
    start_date: p.startDate,
    end_date: p.endDate,
    characteristic: p.characteristic ?? 'hnd_type',
    method: p.method ?? 'last',
    ...filters(p),
  };
}

export interface TopupParams extends DateRange {
  statistic: Statistic;
  subscriberSubset?: SubscriberSubset;
  hours?: Hours | null;
}

function topupSpec(kind: string, p: TopupParams): QuerySpec {
  return {
    query_kind: kind,
    start_date: p.startDate,
    end_date: p.endDate,
    statistic: p.statistic,
    subscriber_subset: orNull(p.subscriberSubset),
    hours: hoursObject(p.hours),
  };
}

export function topupAmountSpec(p: TopupParams): QuerySpec {
  return topupSpec('topup_amount', p);
}

export function topupBalanceSpec(p: TopupParams): QuerySpec {
  return topupSpec('topup_balance', p);
}

export interface NocturnalEventsParams extends DateRange {
  /** Night window `[start_hour, end_hour]` (sent as `night_hours`). */
  hours: Hours;
  eventTypes?: readonly EventType[] | null;
  subscriberSubset?: SubscriberSubset;
}

export function nocturnalEventsSpec(p: NocturnalEventsParams): QuerySpec {
  return {
    query_kind: 'nocturnal_events',
    start_date: p.startDate,
    end_date: p.endDate,
    night_hours: hoursObject(p.hours),
    event_types: orNull(p.eventTypes),
    subscriber_subset: orNull(p.subscriberSubset),
  };
}

export interface DisplacementParams extends MetricParams {
  statistic: Statistic;
  /** A daily or modal location spec with aggregation unit `lon-lat`. */
  referenceLocation: QuerySpec;
}

export function displacementSpec(p: DisplacementParams): QuerySpec {
  return {
    query_kind: 'displacement',
    start_date: p.startDate,
    end_date: p.endDate,
    statistic: p.statistic,
    reference_location: p.referenceLocation,
    ...filters(p),
  };
}

export interface ParetoInteractionsParams extends MetricParams {
  /** 0–1. */
  proportion: number;
}

export function paretoInteractionsSpec(p: ParetoInteractionsParams): QuerySpec {
  return {
    query_kind: 'pareto_interactions',
    start_date: p.startDate,
    end_date: p.endDate,
    proportion: p.proportion,
    ...filters(p),
  };
}
