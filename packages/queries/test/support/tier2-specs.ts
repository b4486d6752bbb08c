/** Valid Tier 2 specs (query-kinds.md §6): one or more per top-level kind, covering every Tier 2 nested kind. */

type Spec = Record<string, unknown>;

const range = { start_date: '2016-01-01', end_date: '2016-01-03' };
const daily = (date: string, unit = 'admin3'): Spec => ({ query_kind: 'daily_location', date, aggregation_unit: unit, method: 'last' });
const visits = (unit = 'admin3', dates = ['2016-01-01', '2016-01-02']): Spec => ({
  query_kind: 'location_visits',
  locations: dates.map((d) => daily(d, unit)),
});
const majority = (unit = 'admin3', include: boolean | null = null): Spec => ({
  query_kind: 'majority_location',
  subscriber_location_weights: visits(unit),
  include_unlocatable: include,
});
const coalesced = (unit = 'admin3'): Spec => ({
  query_kind: 'coalesced_location',
  preferred_location: majority(unit, true),
  fallback_location: majority(unit),
  subscriber_location_weights: visits(unit),
  weight_threshold: 2,
});
const mobility = (unit = 'admin3'): Spec => ({ query_kind: 'mobility_classification', locations: [coalesced(unit)], stay_length_threshold: 2 });
const uniqueLocations = (unit = 'admin3'): Spec => ({ query_kind: 'unique_locations', aggregation_unit: unit, ...range });
const reference = (unit = 'admin3'): Spec => ({ query_kind: 'most_frequent_location', aggregation_unit: unit, ...range });
const meaningful = {
  labels: { evening: { type: 'Polygon', coordinates: [[[0, -1], [0, 1], [1, 1], [1, -1]]] } },
  tower_day_of_week_scores: { monday: 1, tuesday: 1, wednesday: 1, thursday: 0, friday: -1, saturday: -1, sunday: -0.5 },
  tower_hour_of_day_scores: Array.from({ length: 24 }, (_, h) => (h < 12 ? -0.25 : 0.75)),
  aggregation_unit: 'admin2',
};
const active: Spec = { query_kind: 'active_at_reference_location_counts', reference_locations: reference(), unique_locations: uniqueLocations() };

export function validTier2Specs(): Spec[] {
  return [
    { query_kind: 'unique_visitor_counts', active_at_reference_location_counts: active, unique_subscriber_counts: { query_kind: 'unique_subscriber_counts', aggregation_unit: 'admin3', ...range } },
    active,
    { query_kind: 'unmoving_at_reference_location_counts', locations: uniqueLocations('lon-lat'), reference_locations: reference('lon-lat') },
    { query_kind: 'unmoving_counts', locations: uniqueLocations('admin1') },
    { query_kind: 'labelled_spatial_aggregate', locations: coalesced(), labels: mobility() },
    { query_kind: 'labelled_flows', from_location: coalesced(), to_location: coalesced(), labels: mobility(), join_type: 'left' },
    { query_kind: 'meaningful_locations_aggregate', ...range, label: 'evening', ...meaningful },
    { query_kind: 'meaningful_locations_between_label_od_matrix', ...range, label_a: 'evening', label_b: 'unknown', ...meaningful },
    {
      query_kind: 'meaningful_locations_between_dates_od_matrix',
      start_date_a: '2016-01-01', end_date_a: '2016-01-02', start_date_b: '2016-01-03', end_date_b: '2016-01-04', label: 'evening', ...meaningful,
    },
    { query_kind: 'dfs_metric_total_amount', metric: 'commission', aggregation_unit: 'admin2', ...range },
    { query_kind: 'dummy_query', aggregation_unit: 'admin3', dummy_param: 'x', dummy_delay: 0 },
    { query_kind: 'spatial_aggregate', locations: majority('admin2', true) },
    { query_kind: 'flows', from_location: coalesced(), to_location: majority() },
    { query_kind: 'joined_spatial_aggregate', method: 'median', locations: reference(), metric: { query_kind: 'unique_location_counts', aggregation_unit: 'lon-lat', ...range } },
    {
      query_kind: 'histogram_aggregate', bins: { n_bins: 3 },
      metric: { query_kind: 'total_active_periods', start_date: '2016-01-01T06:00:00', total_periods: 4, period_length: 90, period_unit: 'minutes' },
    },
  ];
}
