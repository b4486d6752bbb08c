import { planAggregateNetworkObjects, planTotalNetworkObjects } from './network-objects.js';
import {
  planConsecutiveTripsOdMatrix,
  planLocationEventCounts,
  planLocationIntroversion,
  planTripsOdMatrix,
  planUniqueSubscriberCounts,
} from './event-aggregates.js';
import { planFlows, planInflows, planOutflows } from './flows.js';
import { planGeography } from './geography.js';
import { MEANINGFUL_LOCATION_PLANNERS } from './meaningful-locations.js';
import type { AggregatePlanner } from './plan-types.js';
import { REFERENCE_COUNT_PLANNERS } from './reference-counts.js';
import { planHistogramAggregate, planJoinedSpatialAggregate, planSpatialAggregate } from './spatial-aggregates.js';
import { VISIT_AGGREGATE_PLANNERS } from './visits.js';

const TIER1_PLANNERS: Readonly<Record<string, AggregatePlanner>> = {
  spatial_aggregate: planSpatialAggregate,
  joined_spatial_aggregate: planJoinedSpatialAggregate,
  flows: planFlows,
  inflows: planInflows,
  outflows: planOutflows,
  unique_subscriber_counts: planUniqueSubscriberCounts,
  location_introversion: planLocationIntroversion,
  total_network_objects: planTotalNetworkObjects,
  aggregate_network_objects: planAggregateNetworkObjects,
  location_event_counts: planLocationEventCounts,
  histogram_aggregate: planHistogramAggregate,
  geography: planGeography,
  trips_od_matrix: planTripsOdMatrix,
  consecutive_trips_od_matrix: planConsecutiveTripsOdMatrix,
};

let planners: Readonly<Record<string, AggregatePlanner>> | undefined;

/**
 * Every top-level kind the engine computes (query-kinds.md §6.1) → its planner. Built on first use, because Tier 2
 * planner modules import Tier 1 planners from modules that this one imports.
 */
export function aggregatePlanners(): Readonly<Record<string, AggregatePlanner>> {
  planners ??= { ...TIER1_PLANNERS, ...REFERENCE_COUNT_PLANNERS, ...VISIT_AGGREGATE_PLANNERS, ...MEANINGFUL_LOCATION_PLANNERS };
  return planners;
}

/** The planner of a top-level kind, or undefined. */
export function aggregatePlanner(kind: string): AggregatePlanner | undefined {
  return aggregatePlanners()[kind];
}

/** Node type of a kind's unredacted aggregate. */
export function unredactedNodeType(kind: string): string {
  return `${kind}_unredacted`;
}
