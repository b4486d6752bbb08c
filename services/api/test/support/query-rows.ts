import type { Knex } from 'knex';
import { parseQuerySpec, type ValidatedQuery } from '@flowdeck/queries';

/** The spec of spec/api.md §12 (admin3 spatial aggregate of a daily location), with overridable fields. */
export function dailyLocationAggregate(overrides: { date?: string; unit?: string } = {}): Record<string, unknown> {
  return {
    query_kind: 'spatial_aggregate',
    locations: {
      query_kind: 'daily_location',
      date: overrides.date ?? '2016-01-01',
      aggregation_unit: overrides.unit ?? 'admin3',
      method: 'last',
      event_types: null,
      subscriber_subset: null,
      mapping_table: null,
      geom_table: null,
      geom_table_join_column: null,
      hours: null,
    },
  };
}

/** A non-spatial spec (histogram of radius of gyration). */
export function histogramSpec(): Record<string, unknown> {
  return {
    query_kind: 'histogram_aggregate',
    metric: { query_kind: 'radius_of_gyration', start_date: '2016-01-01', end_date: '2016-01-02' },
    bins: { n_bins: 5 },
  };
}

export function validated(spec: Record<string, unknown>): ValidatedQuery {
  return parseQuerySpec(spec, { redactionThreshold: 15 });
}

/** Scopes a role needs to run/poll/get the §12 query at `unit`. */
export function aggregateScopes(unit = 'admin3'): string[] {
  return [`${unit}:spatial_aggregate:spatial_aggregate`, `${unit}:spatial_aggregate:daily_location`];
}

/** Simulates the engine: a top-level query row in `state` (test data setup as the superuser). */
export async function seedQuery(
  knex: Knex,
  q: ValidatedQuery,
  row: { state: string; message?: string | null; progress?: { eligible: number; queued: number; running: number } },
): Promise<void> {
  await knex('cache.queries')
    .insert({
      query_id: q.queryId,
      query_kind: q.kind,
      params: JSON.stringify(q.params),
      canonical: JSON.stringify(q.canonical),
      aggregation_unit: q.aggregationUnit,
      top_level: true,
      state: row.state,
      message: row.message ?? null,
      progress_eligible: row.progress?.eligible ?? null,
      progress_queued: row.progress?.queued ?? null,
      progress_running: row.progress?.running ?? null,
    })
    .onConflict('query_id')
    .merge();
}

/**
 * Simulates the engine writing an exposed result: creates cache.x<id> from `createColumns`, inserts `rows` (SQL
 * value lists), records the cache.cached entry and grants SELECT to the api group role.
 */
export async function seedResultTable(knex: Knex, queryId: string, createColumns: string, valuesSql: string[]): Promise<void> {
  const table = `cache.x${queryId}`;
  await knex.raw(`CREATE TABLE ${table} (${createColumns})`);
  if (valuesSql.length > 0) await knex.raw(`INSERT INTO ${table} VALUES ${valuesSql.join(', ')}`);
  await knex.raw(`GRANT SELECT ON ${table} TO flowdeck_api`);
  await knex('cache.cached')
    .insert({ query_id: queryId, class: 'SpatialAggregate', tablename: `x${queryId}`, exposed: true, size_bytes: 8192, compute_time: 100 })
    .onConflict('query_id')
    .ignore();
}
