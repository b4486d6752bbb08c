import * as s from '../../packages/queries/test/support/specs.js';
import { invalidMeaningfulSpecs } from './invalid-specs-meaningful.js';
import { invalidReferenceCountSpecs } from './invalid-specs-counts.js';
import { invalidSpatialOptionSpecs } from './invalid-specs-options.js';
import { invalidVisitSpecs } from './invalid-specs-visits.js';

/** One invalid spec per Tier 1 kind (query-kinds.md §6) and the path of the error-tree leaf naming the bad field. */
export interface InvalidSpecCase {
  kind: string;
  spec: Record<string, unknown>;
  path: string[];
}

export function invalidSpecPerTier1Kind(): InvalidSpecCase[] {
  const jsa = (metric: Record<string, unknown>): Record<string, unknown> => s.joinedSpatialAggregate({ metric });
  return [
    { kind: 'spatial_aggregate', spec: s.spatialAggregate({ locations: s.dailyLocation({ aggregation_unit: 'admin9' }) }), path: ['locations', 'aggregation_unit'] },
    { kind: 'joined_spatial_aggregate', spec: s.joinedSpatialAggregate({ method: 'bogus' }), path: ['method'] },
    { kind: 'flows', spec: s.flows({ join_type: 'sideways' }), path: ['join_type'] },
    { kind: 'inflows', spec: s.inflows({ extra: 1 }), path: ['extra'] },
    { kind: 'outflows', spec: s.outflows({ from_location: null }), path: ['from_location'] },
    { kind: 'unique_subscriber_counts', spec: s.uniqueSubscriberCounts({ start_date: 'yesterday' }), path: ['start_date'] },
    { kind: 'location_introversion', spec: s.locationIntroversion({ direction: 'sideways' }), path: ['direction'] },
    { kind: 'total_network_objects', spec: s.totalNetworkObjects({ total_by: 'week' }), path: ['total_by'] },
    { kind: 'aggregate_network_objects', spec: s.aggregateNetworkObjects({ statistic: 'sum' }), path: ['statistic'] },
    { kind: 'location_event_counts', spec: s.locationEventCounts({ interval: 'week' }), path: ['interval'] },
    { kind: 'histogram_aggregate', spec: s.histogramAggregate({ bins: 'five' }), path: ['bins'] },
    { kind: 'geography', spec: s.geography({ aggregation_unit: 'lon-lat' }), path: ['aggregation_unit'] },
    { kind: 'trips_od_matrix', spec: s.tripsOdMatrix({ end_date: 42 }), path: ['end_date'] },
    { kind: 'consecutive_trips_od_matrix', spec: s.consecutiveTripsOdMatrix({ event_types: ['letters'] }), path: ['event_types', '0'] },
    { kind: 'daily_location', spec: s.spatialAggregate({ locations: s.dailyLocation({ date: 'not-a-date' }) }), path: ['locations', 'date'] },
    { kind: 'modal_location', spec: s.spatialAggregate({ locations: s.modalLocation('admin3', { locations: [] }) }), path: ['locations', 'locations'] },
    { kind: 'most_frequent_location', spec: s.spatialAggregate({ locations: s.mostFrequentLocation({ method: 'last' }) }), path: ['locations', 'method'] },
    { kind: 'visited_most_days', spec: s.spatialAggregate({ locations: s.visitedMostDays({ subscriber_subset: 'abc' }) }), path: ['locations', 'subscriber_subset'] },
    { kind: 'unique_locations', spec: s.flows({ from_location: s.uniqueLocations({ aggregation_unit: 'admin7' }), to_location: s.uniqueLocations() }), path: ['from_location', 'aggregation_unit'] },
    { kind: 'radius_of_gyration', spec: jsa(s.radiusOfGyration({ start_date: 'x' })), path: ['metric', 'start_date'] },
    { kind: 'event_count', spec: jsa(s.eventCount({ direction: 'up' })), path: ['metric', 'direction'] },
    { kind: 'subscriber_degree', spec: jsa(s.subscriberDegree({ end_date: null })), path: ['metric', 'end_date'] },
    { kind: 'handset', spec: s.joinedSpatialAggregate({ metric: s.handset({ characteristic: 'colour' }), method: 'distr' }), path: ['metric', 'characteristic'] },
    { kind: 'topup_amount', spec: jsa(s.topupAmount({ statistic: 'total' })), path: ['metric', 'statistic'] },
    { kind: 'topup_balance', spec: jsa(s.topupBalance({ colour: 'red' })), path: ['metric', 'colour'] },
    { kind: 'nocturnal_events', spec: jsa(s.nocturnalEvents({ night_hours: 'night' })), path: ['metric', 'night_hours'] },
    { kind: 'displacement', spec: jsa(s.displacement({ reference_location: s.dailyLocation({ aggregation_unit: 'admin3' }) })), path: ['metric', 'reference_location', 'aggregation_unit'] },
    { kind: 'pareto_interactions', spec: jsa(s.paretoInteractions({ proportion: 2 })), path: ['metric', 'proportion'] },
  ];
}

/** One invalid spec per kind of the catalogue, Tier 1 and Tier 2, plus the Tier 2 spec options. */
export function invalidSpecPerKind(): InvalidSpecCase[] {
  return [
    ...invalidSpecPerTier1Kind(),
    ...invalidReferenceCountSpecs(),
    ...invalidVisitSpecs(),
    ...invalidMeaningfulSpecs(),
    ...invalidSpatialOptionSpecs(),
  ];
}

/** The leaf of an error tree at `path`, or undefined. */
export function errorLeaf(tree: unknown, path: string[]): unknown {
  let node: unknown = tree;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
