import knexFactory from 'knex';
import { parseQuerySpec } from '@flowdeck/queries';
import { SqlLibrary } from '../../src/adapters/postgres/sql-library.js';
import { cacheTable } from '../../src/domain/names.js';
import { postOrder, type PlanNode } from '../../src/domain/plan-node.js';
import { PlanError, planInternalNode, planQuery } from '../../src/domain/plan-query.js';
import { planDfsMetricTotalAmount, planUnmovingAtReferenceLocationCounts } from '../../src/domain/plan/reference-counts.js';

// Planning of the "counts" family: every node renders, internal nodes re-plan with the same ids, sub-aggregates
// are shared with their own top-level queries, and values reach SQL only as bindings or allow-listed identifiers.

const knex = knexFactory({ client: 'pg' });
const sql = new SqlLibrary();
const opts = { redactionThreshold: 15, tableOf: cacheTable };
afterAll(() => knex.destroy());

type Spec = Record<string, unknown>;
const range = { start_date: '2016-01-01', end_date: '2016-01-03' };
const uniqueLocations = (unit = 'admin3'): Spec => ({ query_kind: 'unique_locations', aggregation_unit: unit, ...range });
const reference = (unit = 'admin3'): Spec => ({ query_kind: 'most_frequent_location', aggregation_unit: unit, ...range });
const active: Spec = { query_kind: 'active_at_reference_location_counts', reference_locations: reference(), unique_locations: uniqueLocations() };
const uniqueSubscribers: Spec = { query_kind: 'unique_subscriber_counts', aggregation_unit: 'admin3', ...range };

function plan(body: Spec): PlanNode {
  const v = parseQuerySpec(body, { redactionThreshold: 15 });
  return planQuery(v.queryId, v.canonical, opts);
}

function canonical(body: Spec): Spec {
  return parseQuerySpec(body, { redactionThreshold: 15 }).canonical;
}

const text = (node: PlanNode): string => sql.render(knex, node.select).toQuery();

const ALL: Record<string, Spec> = {
  unique_visitor_counts: { query_kind: 'unique_visitor_counts', active_at_reference_location_counts: active, unique_subscriber_counts: uniqueSubscribers },
  active_at_reference_location_counts: { ...active, reference_locations: { query_kind: 'modal_location', locations: [{ query_kind: 'daily_location', date: '2016-01-01', aggregation_unit: 'admin3', method: 'last' }] } },
  unmoving_at_reference_location_counts: { query_kind: 'unmoving_at_reference_location_counts', locations: uniqueLocations('lon-lat'), reference_locations: reference('lon-lat') },
  unmoving_counts: { query_kind: 'unmoving_counts', locations: uniqueLocations('admin1') },
  dfs_metric_total_amount: { query_kind: 'dfs_metric_total_amount', metric: 'commission', aggregation_unit: 'admin2', ...range },
  'dfs_metric_total_amount lon-lat': { query_kind: 'dfs_metric_total_amount', metric: 'amount', aggregation_unit: 'lon-lat', ...range },
  dummy_query: { query_kind: 'dummy_query', aggregation_unit: 'admin3', dummy_param: 'x', dummy_delay: 2 },
  'jsa unique_location_counts': {
    query_kind: 'joined_spatial_aggregate', method: 'median', locations: reference(), metric: { query_kind: 'unique_location_counts', aggregation_unit: 'lon-lat', ...range },
  },
  'histogram total_active_periods': {
    query_kind: 'histogram_aggregate', bins: { n_bins: 3 },
    metric: { query_kind: 'total_active_periods', start_date: '2016-01-01T06:00:00', total_periods: 4, period_length: 90, period_unit: 'minutes', event_types: ['calls'] },
  },
};

describe('planners of the counts family', () => {
  it.each(Object.entries(ALL))('%s renders every node and re-plans internal nodes with the same ids', (_name, body) => {
    const root = plan(body);
    for (const node of postOrder(root)) {
      expect(text(node)).toMatch(/SELECT/i);
      if (!node.topLevel) expect(planInternalNode(node.queryKind, node.spec, opts).id).toBe(node.id);
    }
  });

  it('unique_visitor_counts reads the very unredacted nodes of its two sub-queries', () => {
    const visitors = plan(ALL['unique_visitor_counts']!).children[0]!;
    expect(visitors.children.map((c) => c.id)).toEqual([plan(active).children[0]!.id, plan(uniqueSubscribers).children[0]!.id]);
  });

  it('unique_visitor_counts exposes a zone only when the difference and both terms exceed T', () => {
    const root = plan(ALL['unique_visitor_counts']!);
    expect(text(root)).toMatch(/WHERE value > 15 AND unique_subscribers > 15 AND active_at_reference > 15/);
  });

  it('total_active_periods selects [start, start + total × length) and binds the period length', () => {
    const root = plan(ALL['histogram total_active_periods']!);
    const metric = postOrder(root).find((n) => n.nodeType === 'total_active_periods')!;
    const q = text(metric);
    expect(q).toContain("CAST('2016-01-01T06:00:00Z' AS timestamptz)");
    expect(q).toContain("CAST('2016-01-01T12:00:00.000Z' AS timestamptz)");
    expect(q).toContain('CAST(5400 AS double precision)');
    expect(metric.dateDependencies).toEqual([{ cdrType: 'calls', date: '2016-01-01' }]);
  });

  it('dfs_metric_total_amount totals an allow-listed column and rejects any other', () => {
    expect(text(plan(ALL['dfs_metric_total_amount']!).children[0]!)).toContain('sum("t"."commission")');
    expect(() => planDfsMetricTotalAmount({ ...canonical(ALL['dfs_metric_total_amount']!), metric: 'amount); DROP TABLE x; --' })).toThrow(PlanError);
  });

  it('dummy_query sleeps dummy_delay seconds as a binding', () => {
    expect(text(plan(ALL['dummy_query']!).children[0]!)).toContain('pg_sleep(CAST(2 AS double precision))');
  });

  it('refuses reference counts whose locations have different units (a stale or hand-made spec)', () => {
    const spec = { ...canonical(ALL['unmoving_at_reference_location_counts']!), reference_locations: canonical({ query_kind: 'spatial_aggregate', locations: reference('admin3') })['locations'] };
    expect(() => planUnmovingAtReferenceLocationCounts(spec as Spec, opts)).toThrow('Spatial unit mismatch.');
  });
});
