import { bound } from './aggregate-queries.js';
import {
  extraHours,
  orNull,
  spatialUnitFields,
  type AdminUnit,
  type DateRange,
  type EventType,
  type Hours,
  type QuerySpec,
  type SpatialUnitOptions,
  type SubscriberSubset,
} from './spec-fields.js';

/**
 * Meaningful-locations builders (FlowClient's `meaningful_locations_*_spec` and query functions; spec/query-kinds.md
 * §6.1). Every optional key FlowClient sends is present (`null` when not given); `hours`, which FlowClient does not
 * send, only when given.
 */

/** A GeoJSON Polygon or MultiPolygon in (hour-of-day score, day-of-week score) space. */
export interface ScoreShape {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: unknown[];
}

export type DayOfWeek = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

export interface MeaningfulLocationsOptions extends SpatialUnitOptions {
  /** Label name → region of score space; clusters in none are labelled `unknown`. */
  labels: Record<string, ScoreShape>;
  /** Score in [-1, 1] of every day of the week. */
  towerDayOfWeekScores: Record<DayOfWeek, number>;
  /** 24 scores in [-1, 1], midnight first. */
  towerHourOfDayScores: readonly number[];
  aggregationUnit: AdminUnit;
  /** km; default 1.0. */
  towerClusterRadius?: number;
  /** Minimum call days of a cluster; default 0. */
  towerClusterCallThreshold?: number;
  eventTypes?: readonly EventType[] | null;
  subscriberSubset?: SubscriberSubset;
  hours?: Hours | null;
}

function meaningfulFields(p: MeaningfulLocationsOptions): Record<string, unknown> {
  return {
    labels: p.labels,
    tower_day_of_week_scores: p.towerDayOfWeekScores,
    tower_hour_of_day_scores: [...p.towerHourOfDayScores],
    tower_cluster_radius: p.towerClusterRadius ?? 1.0,
    tower_cluster_call_threshold: p.towerClusterCallThreshold ?? 0,
    event_types: orNull(p.eventTypes),
    subscriber_subset: orNull(p.subscriberSubset),
    ...spatialUnitFields(p),
    ...extraHours(p.hours),
  };
}

export function meaningfulLocationsAggregateSpec(
  p: MeaningfulLocationsOptions & DateRange & { label: string },
): QuerySpec {
  return {
    query_kind: 'meaningful_locations_aggregate',
    aggregation_unit: p.aggregationUnit,
    start_date: p.startDate,
    end_date: p.endDate,
    label: p.label,
    ...meaningfulFields(p),
  };
}

export function meaningfulLocationsBetweenLabelOdMatrixSpec(
  p: MeaningfulLocationsOptions & DateRange & { labelA: string; labelB: string },
): QuerySpec {
  return {
    query_kind: 'meaningful_locations_between_label_od_matrix',
    aggregation_unit: p.aggregationUnit,
    start_date: p.startDate,
    end_date: p.endDate,
    label_a: p.labelA,
    label_b: p.labelB,
    ...meaningfulFields(p),
  };
}

export interface BetweenDatesParams extends MeaningfulLocationsOptions {
  startDateA: string;
  endDateA: string;
  startDateB: string;
  endDateB: string;
  label: string;
}

export function meaningfulLocationsBetweenDatesOdMatrixSpec(p: BetweenDatesParams): QuerySpec {
  return {
    query_kind: 'meaningful_locations_between_dates_od_matrix',
    start_date_a: p.startDateA,
    end_date_a: p.endDateA,
    start_date_b: p.startDateB,
    end_date_b: p.endDateB,
    label: p.label,
    aggregation_unit: p.aggregationUnit,
    ...meaningfulFields(p),
  };
}

// FlowClient's query functions: build the spec and return an unstarted `APIQuery` on `connection`.
export const meaningfulLocationsAggregate = bound(meaningfulLocationsAggregateSpec);
export const meaningfulLocationsBetweenLabelOdMatrix = bound(meaningfulLocationsBetweenLabelOdMatrixSpec);
export const meaningfulLocationsBetweenDatesOdMatrix = bound(meaningfulLocationsBetweenDatesOdMatrixSpec);
