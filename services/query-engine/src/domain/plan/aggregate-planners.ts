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
import type { AggregatePlanner } from './plan-types.js';
import { planHistogramAggregate, planJoinedSpatialAggregate, planSpatialAggregate } from './spatial-aggregates.js';

/** Every top-level kind the engine computes (query-kinds.md §6.1, Tier 1) → its planner. */
export const AGGREGATE_PLANNERS: Readonly<Record<string, AggregatePlanner>> = {
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

/** Node type of a kind's unredacted aggregate. */
export function unredactedNodeType(kind: string): string {
  return `${kind}_unredacted`;
}
