import * as s from '../../packages/queries/test/support/specs.js';
import type { InvalidSpecCase } from './invalid-specs.js';

/** Invalid Tier 2 spec options (query-kinds.md §1), with the error-tree path naming the bad field. */
export function invalidSpatialOptionSpecs(): InvalidSpecCase[] {
  const daily = (extra: Record<string, unknown>): Record<string, unknown> =>
    s.spatialAggregate({ locations: s.dailyLocation(extra) });
  return [
    {
      kind: 'unique_subscriber_counts',
      spec: s.uniqueSubscriberCounts({ subscriber_subset: 'not-a-query-id' }),
      path: ['subscriber_subset'],
    },
    {
      kind: 'unique_subscriber_counts',
      spec: s.uniqueSubscriberCounts({ mapping_table: 'public.secrets' }),
      path: ['mapping_table'],
    },
    {
      kind: 'unique_subscriber_counts',
      spec: s.uniqueSubscriberCounts({ geom_table: 'geography.sites', geom_table_join_column: 'site' }),
      path: ['geom_table'],
    },
    {
      kind: 'spatial_aggregate',
      spec: daily({ geom_table_join_column: 'x; DROP TABLE y' }),
      path: ['locations', 'geom_table_join_column'],
    },
    {
      kind: 'spatial_aggregate',
      spec: daily({ sampling: { sampling_method: 'bernoulli', seed: 1, size: 5, fraction: 0.5 } }),
      path: ['locations', 'sampling', '_schema'],
    },
    {
      kind: 'spatial_aggregate',
      spec: daily({ sampling: { sampling_method: 'random_ids', seed: 2, size: 5 } }),
      path: ['locations', 'sampling', 'seed'],
    },
    {
      kind: 'spatial_aggregate',
      spec: daily({ sampling: { sampling_method: 'system_rows', seed: 1, size: 5 } }),
      path: ['locations', 'sampling', 'sampling_method'],
    },
  ];
}
