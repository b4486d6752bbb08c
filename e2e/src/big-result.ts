import type { Knex } from 'knex';
import { parseQuerySpec } from '@flowdeck/queries';

/** The spec whose (simulated) result the memory test and the api benchmark serve. */
export function bigResultSpec(date = '2016-01-01'): Record<string, unknown> {
  return {
    query_kind: 'spatial_aggregate',
    locations: { query_kind: 'daily_location', date, aggregation_unit: 'admin3', method: 'last' },
  };
}

/** Scopes of a role that may poll and get the result of bigResultSpec(). */
export const BIG_RESULT_SCOPES = ['get_result', 'admin3:spatial_aggregate:spatial_aggregate', 'admin3:spatial_aggregate:daily_location'];

/**
 * Simulates the engine having completed `spec` with `rows` result rows, as the superuser: the cache.queries row
 * (completed), the exposed table cache.x<id> (pcod text, value bigint, share double precision, in pcod order), its
 * cache.cached entry and the SELECT grant to flowdeck_api. Returns the query id.
 */
export async function seedCompletedResult(knex: Knex, rows: number, spec: Record<string, unknown> = bigResultSpec()): Promise<string> {
  const q = parseQuerySpec(spec, { redactionThreshold: 15 });
  const table = `cache.x${q.queryId}`;
  await knex('cache.queries').insert({
    query_id: q.queryId,
    query_kind: q.kind,
    params: JSON.stringify(q.params),
    canonical: JSON.stringify(q.canonical),
    aggregation_unit: q.aggregationUnit,
    top_level: true,
    state: 'completed',
  });
  await knex.raw(`CREATE TABLE ${table} (pcod text, value bigint, share double precision)`);
  await knex.raw(
    `INSERT INTO ${table} SELECT 'SYN' || lpad(i::text, 8, '0'), i, i / 7.0 FROM generate_series(1, ?) AS i ORDER BY 1`,
    [rows],
  );
  await knex.raw(`GRANT SELECT ON ${table} TO flowdeck_api`);
  await knex('cache.cached').insert({
    query_id: q.queryId,
    class: 'SpatialAggregate',
    tablename: `x${q.queryId}`,
    exposed: true,
    size_bytes: rows * 40,
    compute_time: 100,
  });
  return q.queryId;
}
