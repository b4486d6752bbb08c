import * as s from '../../packages/queries/test/support/specs.js';
import type { InvalidSpecCase } from './invalid-specs.js';

/** Invalid specs of a Tier 2 family (one per kind or option), with the error-tree path naming the bad field. */
export function invalidReferenceCountSpecs(): InvalidSpecCase[] {
  const range = { start_date: '2016-01-01', end_date: '2016-01-03' };
  const active = (o: Record<string, unknown> = {}): Record<string, unknown> => ({
    query_kind: 'active_at_reference_location_counts',
    reference_locations: s.mostFrequentLocation(),
    unique_locations: s.uniqueLocations(),
    ...o,
  });
  return [
    {
      kind: 'unique_visitor_counts',
      spec: { query_kind: 'unique_visitor_counts', active_at_reference_location_counts: active(), unique_subscriber_counts: s.uniqueSubscriberCounts({ end_date: '2016-01-02' }) },
      path: ['_schema'],
    },
    { kind: 'active_at_reference_location_counts', spec: active({ reference_locations: s.uniqueLocations() }), path: ['reference_locations', 'query_kind'] },
    {
      kind: 'unmoving_at_reference_location_counts',
      spec: { query_kind: 'unmoving_at_reference_location_counts', locations: s.uniqueLocations({ aggregation_unit: 'admin2' }), reference_locations: s.mostFrequentLocation() },
      path: ['_schema'],
    },
    { kind: 'unmoving_counts', spec: { query_kind: 'unmoving_counts', locations: s.uniqueLocations({ hours: { start_hour: 25, end_hour: 2 } }) }, path: ['locations', 'hours', 'start_hour'] },
    { kind: 'dfs_metric_total_amount', spec: { query_kind: 'dfs_metric_total_amount', metric: 'tax', aggregation_unit: 'admin3', ...range }, path: ['metric'] },
    {
      kind: 'unique_location_counts',
      spec: s.joinedSpatialAggregate({ metric: { query_kind: 'unique_location_counts', aggregation_unit: 'admin9', ...range } }),
      path: ['metric', 'aggregation_unit'],
    },
    {
      kind: 'total_active_periods',
      spec: s.histogramAggregate({ metric: { query_kind: 'total_active_periods', start_date: '2016-01-01', total_periods: 3, period_unit: 'weeks' } }),
      path: ['metric', 'period_unit'],
    },
  ];
}
