import knexFactory from 'knex';
import { parseQuerySpec, TOP_LEVEL_KINDS } from '@flowdeck/queries';
import { SqlLibrary } from '../../src/adapters/postgres/sql-library.js';
import { cacheTable } from '../../src/domain/names.js';
import { postOrder, type PlanNode } from '../../src/domain/plan-node.js';
import { aggregatePlanners } from '../../src/domain/plan/aggregate-planners.js';
import { planInternalNode, planQuery } from '../../src/domain/plan-query.js';

const knex = knexFactory({ client: 'pg' });
const sql = new SqlLibrary();
const opts = { redactionThreshold: 15, tableOf: cacheTable };
afterAll(() => knex.destroy());

const range = { start_date: '2016-01-01', end_date: '2016-01-03' };
const daily = (date: string, unit = 'admin3'): Record<string, unknown> => ({ query_kind: 'daily_location', date, aggregation_unit: unit, method: 'last' });
const flows = (kind: string, joinType: string | null = null): Record<string, unknown> => ({
  query_kind: kind, from_location: daily('2016-01-01'), to_location: daily('2016-01-02'), join_type: joinType,
});

function plan(body: Record<string, unknown>): PlanNode {
  const v = parseQuerySpec(body, { redactionThreshold: 15 });
  return planQuery(v.queryId, v.canonical, opts);
}

const ALL: Record<string, Record<string, unknown>> = {
  spatial_aggregate: { query_kind: 'spatial_aggregate', locations: { query_kind: 'visited_most_days', aggregation_unit: 'admin2', ...range } },
  joined_spatial_aggregate: {
    query_kind: 'joined_spatial_aggregate', method: 'avg', locations: { query_kind: 'modal_location', locations: [daily('2016-01-01'), daily('2016-01-02')] },
    metric: { query_kind: 'displacement', ...range, statistic: 'max', reference_location: daily('2016-01-01', 'lon-lat') },
  },
  flows: flows('flows', 'left'),
  inflows: flows('inflows'),
  outflows: flows('outflows'),
  unique_subscriber_counts: { query_kind: 'unique_subscriber_counts', aggregation_unit: 'admin3', ...range },
  location_introversion: { query_kind: 'location_introversion', aggregation_unit: 'lon-lat', ...range, direction: 'in' },
  total_network_objects: { query_kind: 'total_network_objects', aggregation_unit: 'admin1', ...range },
  aggregate_network_objects: {
    query_kind: 'aggregate_network_objects', statistic: 'median',
    total_network_objects: { query_kind: 'total_network_objects', aggregation_unit: 'admin1', ...range },
  },
  location_event_counts: { query_kind: 'location_event_counts', aggregation_unit: 'admin3', ...range, interval: 'min' },
  histogram_aggregate: { query_kind: 'histogram_aggregate', metric: { query_kind: 'pareto_interactions', ...range, proportion: 0.5 }, bins: { bin_list: [0, 0.5, 1] } },
  geography: { query_kind: 'geography', aggregation_unit: 'admin1' },
  trips_od_matrix: { query_kind: 'trips_od_matrix', aggregation_unit: 'admin3', ...range },
  consecutive_trips_od_matrix: { query_kind: 'consecutive_trips_od_matrix', aggregation_unit: 'lon-lat', ...range },
};

describe('planners of every top-level kind', () => {
  it('the engine plans exactly the top-level kinds of the catalogue', () => {
    expect(Object.keys(aggregatePlanners()).sort()).toEqual([...TOP_LEVEL_KINDS].sort());
  });

  it.each(Object.entries(ALL))('%s renders every node and re-plans internal nodes with the same ids', (_kind, body) => {
    const root = plan(body);
    expect(root.topLevel).toBe(true);
    for (const node of postOrder(root)) {
      expect(sql.render(knex, node.select).toQuery()).toMatch(/SELECT/i);
      if (!node.topLevel) expect(planInternalNode(node.queryKind, node.spec, opts).id).toBe(node.id);
    }
  });
});

describe('sharing and dependencies', () => {
  it('inflows and outflows share the flows node of the same spec', () => {
    const f = plan(flows('flows')).children[0]!;
    expect(plan(flows('inflows')).children[0]!.children[0]!.id).toBe(f.id);
    expect(plan(flows('outflows')).children[0]!.children[0]!.id).toBe(f.id);
  });

  it('a joined spatial aggregate reuses the spatial aggregate node of its locations', () => {
    const sa = plan({ query_kind: 'spatial_aggregate', locations: daily('2016-01-01') }).children[0]!;
    const jsa = plan({ query_kind: 'joined_spatial_aggregate', method: 'distr', locations: daily('2016-01-01'), metric: { query_kind: 'handset', ...range } });
    expect(jsa.children[0]!.children.map((c) => c.id)).toContain(sa.id);
  });

  it('records topups only for topup metrics, both days for ranges, and the reference location date', () => {
    const root = plan({
      query_kind: 'joined_spatial_aggregate', method: 'avg', locations: daily('2016-01-05'),
      metric: { query_kind: 'topup_amount', statistic: 'sum', start_date: '2016-01-01', end_date: '2016-01-03' },
    });
    const deps = root.dateDependencies.map((d) => `${d.cdrType} ${d.date}`);
    expect(deps).toContain('topups 2016-01-01');
    expect(deps).toContain('topups 2016-01-02');
    expect(deps).not.toContain('calls 2016-01-01');
    expect(deps).toContain('calls 2016-01-05');
    const metric = postOrder(root).find((n) => n.nodeType === 'topup_amount')!;
    expect(metric.dateDependencies.map((d) => d.cdrType)).toEqual(['topups', 'topups']);
  });

  it('honours event_types and direction in the rendered SQL bindings', () => {
    const root = plan({ query_kind: 'location_event_counts', aggregation_unit: 'admin3', ...range, interval: 'day', direction: 'out', event_types: ['sms'] });
    const text = sql.render(knex, root.children[0]!.select).toQuery();
    expect(text).toContain("CAST(true AS boolean)");
    expect(text).toMatch(/WHERE false AND datetime/);
    expect(text).toMatch(/WHERE true AND datetime/);
  });
});
