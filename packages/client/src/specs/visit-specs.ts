import type { JoinType } from './aggregate-specs.js';
import type { QuerySpec } from './spec-fields.js';

/**
 * Spec builders of the visit family (FlowClient's `query_specs.py` / `aggregates.py` names, camelCase options;
 * spec/query-kinds.md §6.1, §6.2). Sub-kinds are never top level; the labelled aggregates are.
 */

/** `location_visits_spec`: per subscriber and location, how many of the daily/modal `locations` place them there. */
export function locationVisitsSpec(p: { locations: readonly QuerySpec[] }): QuerySpec {
  return { query_kind: 'location_visits', locations: [...p.locations] };
}

export interface MajorityLocationParams {
  /** A `location_visits` spec. */
  subscriberLocationWeights: QuerySpec;
  /** Default false: subscribers without a majority are left out (true: kept with a NULL location). */
  includeUnlocatable?: boolean;
}

/** `majority_location_spec`: the location holding more than half of a subscriber's visits. */
export function majorityLocationSpec(p: MajorityLocationParams): QuerySpec {
  return {
    query_kind: 'majority_location',
    subscriber_location_weights: p.subscriberLocationWeights,
    include_unlocatable: p.includeUnlocatable ?? false,
  };
}

export interface CoalescedLocationParams {
  /** `majority_location` specs. */
  preferredLocation: QuerySpec;
  fallbackLocation: QuerySpec;
  /** A `location_visits` spec: the fallback is used only where its visits reach `weightThreshold`. */
  subscriberLocationWeights: QuerySpec;
  weightThreshold: number;
}

/** `coalesced_location_spec`: the preferred location, else a sufficiently visited fallback location. */
export function coalescedLocationSpec(p: CoalescedLocationParams): QuerySpec {
  return {
    query_kind: 'coalesced_location',
    preferred_location: p.preferredLocation,
    fallback_location: p.fallbackLocation,
    subscriber_location_weights: p.subscriberLocationWeights,
    weight_threshold: p.weightThreshold,
  };
}

/**
 * `mobility_classification_spec`: a label per subscriber active in the last period (`unlocated`, `irregular`,
 * `not_always_locatable`, `mobile`, `stable`). `locations` are `coalesced_location` specs, oldest period first.
 */
export function mobilityClassificationSpec(p: {
  locations: readonly QuerySpec[];
  stayLengthThreshold: number;
}): QuerySpec {
  return {
    query_kind: 'mobility_classification',
    locations: [...p.locations],
    stay_length_threshold: p.stayLengthThreshold,
  };
}

/** `labelled_spatial_aggregate_spec`: subscribers per zone and label (zones with a small label count dropped). */
export function labelledSpatialAggregateSpec(p: { locations: QuerySpec; labels: QuerySpec }): QuerySpec {
  return { query_kind: 'labelled_spatial_aggregate', locations: p.locations, labels: p.labels };
}

export interface LabelledFlowsParams {
  fromLocation: QuerySpec;
  toLocation: QuerySpec;
  labels: QuerySpec;
  /** Sent only when given (the server defaults to `inner`). */
  joinType?: JoinType;
}

/** `labelled_flows_spec`: subscribers per (from, to) pair and label (pairs with a small label count dropped). */
export function labelledFlowsSpec(p: LabelledFlowsParams): QuerySpec {
  return {
    query_kind: 'labelled_flows',
    from_location: p.fromLocation,
    to_location: p.toLocation,
    labels: p.labels,
    ...(p.joinType === undefined ? {} : { join_type: p.joinType }),
  };
}
