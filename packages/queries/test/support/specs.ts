import { validTier2Specs } from './tier2-specs.js';
/** FlowClient-style spec builders (every optional key present, usually null), with overridable fields. */
type Spec = Record<string, unknown>;

const LOC_NULLS = {
  event_types: null,
  subscriber_subset: null,
  mapping_table: null,
  geom_table: null,
  geom_table_join_column: null,
  hours: null,
};
const MET_NULLS = { event_types: null, subscriber_subset: null, hours: null };
const RANGE = { start_date: '2016-01-01', end_date: '2016-01-03' };

export const dailyLocation = (o: Spec = {}): Spec => ({
  query_kind: 'daily_location',
  date: '2016-01-01',
  aggregation_unit: 'admin3',
  method: 'last',
  ...LOC_NULLS,
  ...o,
});
export const modalLocation = (unit = 'admin3', o: Spec = {}): Spec => ({
  query_kind: 'modal_location',
  locations: [
    dailyLocation({ aggregation_unit: unit, date: '2016-01-01' }),
    dailyLocation({ aggregation_unit: unit, date: '2016-01-02', method: 'most-common' }),
  ],
  ...o,
});
const rangeLocation =
  (kind: string) =>
  (o: Spec = {}): Spec => ({
    query_kind: kind,
    ...RANGE,
    aggregation_unit: 'admin3',
    ...LOC_NULLS,
    ...o,
  });
export const mostFrequentLocation = rangeLocation('most_frequent_location');
export const visitedMostDays = rangeLocation('visited_most_days');
export const uniqueLocations = rangeLocation('unique_locations');

export const radiusOfGyration = (o: Spec = {}): Spec => ({
  query_kind: 'radius_of_gyration',
  ...RANGE,
  ...MET_NULLS,
  ...o,
});
export const eventCount = (o: Spec = {}): Spec => ({
  query_kind: 'event_count',
  ...RANGE,
  direction: 'both',
  ...MET_NULLS,
  ...o,
});
export const subscriberDegree = (o: Spec = {}): Spec => ({
  query_kind: 'subscriber_degree',
  ...RANGE,
  direction: null,
  ...MET_NULLS,
  ...o,
});
export const handset = (o: Spec = {}): Spec => ({
  query_kind: 'handset',
  ...RANGE,
  characteristic: 'brand',
  method: 'last',
  ...MET_NULLS,
  ...o,
});
export const topupAmount = (o: Spec = {}): Spec => ({
  query_kind: 'topup_amount',
  ...RANGE,
  statistic: 'avg',
  subscriber_subset: null,
  ...o,
});
export const topupBalance = (o: Spec = {}): Spec => ({
  query_kind: 'topup_balance',
  ...RANGE,
  statistic: 'max',
  subscriber_subset: null,
  hours: null,
  ...o,
});
export const nocturnalEvents = (o: Spec = {}): Spec => ({
  query_kind: 'nocturnal_events',
  ...RANGE,
  night_hours: { start_hour: 20, end_hour: 4 },
  event_types: null,
  subscriber_subset: null,
  ...o,
});
export const displacement = (o: Spec = {}): Spec => ({
  query_kind: 'displacement',
  ...RANGE,
  statistic: 'avg',
  reference_location: dailyLocation({ aggregation_unit: 'lon-lat' }),
  ...MET_NULLS,
  ...o,
});
export const paretoInteractions = (o: Spec = {}): Spec => ({
  query_kind: 'pareto_interactions',
  ...RANGE,
  proportion: 0.8,
  ...MET_NULLS,
  ...o,
});

export const spatialAggregate = (o: Spec = {}): Spec => ({
  query_kind: 'spatial_aggregate',
  locations: dailyLocation(),
  ...o,
});
export const joinedSpatialAggregate = (o: Spec = {}): Spec => ({
  query_kind: 'joined_spatial_aggregate',
  locations: dailyLocation(),
  metric: radiusOfGyration(),
  method: 'avg',
  ...o,
});
const flowsLike =
  (kind: string) =>
  (o: Spec = {}): Spec => ({
    query_kind: kind,
    from_location: dailyLocation({ date: '2016-01-01' }),
    to_location: dailyLocation({ date: '2016-01-02' }),
    join_type: null,
    ...o,
  });
export const flows = flowsLike('flows');
export const inflows = flowsLike('inflows');
export const outflows = flowsLike('outflows');
const rangeAggregate =
  (kind: string, extra: Spec = {}) =>
  (o: Spec = {}): Spec => ({
    query_kind: kind,
    ...RANGE,
    aggregation_unit: 'admin3',
    ...extra,
    ...LOC_NULLS,
    ...o,
  });
export const uniqueSubscriberCounts = rangeAggregate('unique_subscriber_counts');
export const locationIntroversion = rangeAggregate('location_introversion', { direction: null });
export const totalNetworkObjects = rangeAggregate('total_network_objects', { total_by: null });
export const aggregateNetworkObjects = (o: Spec = {}): Spec => ({
  query_kind: 'aggregate_network_objects',
  total_network_objects: totalNetworkObjects({ total_by: 'hour' }),
  statistic: 'avg',
  aggregate_by: null,
  ...o,
});
export const locationEventCounts = rangeAggregate('location_event_counts', {
  interval: 'hour',
  direction: null,
});
export const histogramAggregate = (o: Spec = {}): Spec => ({
  query_kind: 'histogram_aggregate',
  metric: radiusOfGyration(),
  bins: { n_bins: 5 },
  range: null,
  ...o,
});
export const geography = (o: Spec = {}): Spec => ({
  query_kind: 'geography',
  aggregation_unit: 'admin1',
  ...o,
});
export const tripsOdMatrix = rangeAggregate('trips_od_matrix');
export const consecutiveTripsOdMatrix = rangeAggregate('consecutive_trips_od_matrix');

/** One valid FlowClient-style spec per top-level kind (Tier 1 and Tier 2), plus variants covering every nested kind. */
export function validTopLevelSpecs(): Spec[] {
  const metrics = [
    radiusOfGyration(),
    eventCount(),
    subscriberDegree(),
    topupAmount(),
    topupBalance(),
    nocturnalEvents(),
    displacement({ reference_location: modalLocation('lon-lat') }),
    displacement(),
    paretoInteractions(),
  ];
  const locations = [dailyLocation(), modalLocation(), mostFrequentLocation(), visitedMostDays()];
  return [
    ...locations.map((l) => spatialAggregate({ locations: l })),
    ...metrics.map((m) => joinedSpatialAggregate({ metric: m })),
    joinedSpatialAggregate({ metric: handset(), method: 'distr', locations: modalLocation('lon-lat') }),
    flows(),
    flows({ from_location: uniqueLocations(), to_location: visitedMostDays(), join_type: 'full outer' }),
    inflows({
      from_location: modalLocation('admin1'),
      to_location: mostFrequentLocation({ aggregation_unit: 'admin1' }),
    }),
    outflows(),
    uniqueSubscriberCounts(),
    locationIntroversion({ aggregation_unit: 'lon-lat' }),
    totalNetworkObjects(),
    aggregateNetworkObjects(),
    locationEventCounts(),
    ...metrics.map((m) => histogramAggregate({ metric: m })),
    histogramAggregate({ bins: { bin_list: [0, 1.5, 3] }, range: { lower_bound: 0, upper_bound: 3 } }),
    geography(),
    tripsOdMatrix(),
    consecutiveTripsOdMatrix({ aggregation_unit: 'admin0' }),
    ...validTier2Specs(),
  ];
}
