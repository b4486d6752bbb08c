import knexFactory from 'knex';
import { parseQuerySpec } from '@flowdeck/queries';
import { SqlLibrary } from '../../src/adapters/postgres/sql-library.js';
import { cacheTable } from '../../src/domain/names.js';
import { postOrder, type PlanNode } from '../../src/domain/plan-node.js';
import { planInternalNode, planQuery } from '../../src/domain/plan-query.js';

// Planning of the visit family (query-kinds.md §6.1/§6.2): every node renders, internal nodes re-plan to the same
// ids, shared sub-specs share nodes, and dates flow up from the daily locations.

const knex = knexFactory({ client: 'pg' });
const sql = new SqlLibrary();
const opts = { redactionThreshold: 15, tableOf: cacheTable };
afterAll(() => knex.destroy());

type Spec = Record<string, unknown>;
const daily = (date: string, unit = 'admin3', method = 'last'): Spec => ({
  query_kind: 'daily_location',
  date,
  aggregation_unit: unit,
  method,
});
const visits = (unit = 'admin3', dates = ['2016-01-01', '2016-01-02']): Spec => ({
  query_kind: 'location_visits',
  locations: dates.map((d) => daily(d, unit)),
});
const majority = (unit = 'admin3', include: boolean | null = null): Spec => ({
  query_kind: 'majority_location',
  subscriber_location_weights: visits(unit),
  include_unlocatable: include,
});
const coalesced = (unit = 'admin3', dates = ['2016-01-01', '2016-01-02']): Spec => ({
  query_kind: 'coalesced_location',
  preferred_location: majority(unit, true),
  fallback_location: { ...majority(unit), subscriber_location_weights: visits(unit, dates) },
  subscriber_location_weights: visits(unit, dates),
  weight_threshold: 2,
});
const mobility = (unit = 'admin3'): Spec => ({
  query_kind: 'mobility_classification',
  locations: [coalesced(unit), coalesced(unit, ['2016-01-03', '2016-01-04'])],
  stay_length_threshold: 2,
});

function plan(body: Spec): PlanNode {
  const v = parseQuerySpec(body, { redactionThreshold: 15 });
  return planQuery(v.queryId, v.canonical, opts);
}

const ALL: [string, Spec][] = [
  [
    'labelled_spatial_aggregate',
    { query_kind: 'labelled_spatial_aggregate', locations: coalesced(), labels: mobility() },
  ],
  [
    'labelled_spatial_aggregate lon-lat',
    {
      query_kind: 'labelled_spatial_aggregate',
      locations: coalesced('lon-lat'),
      labels: mobility('lon-lat'),
    },
  ],
  [
    'labelled_flows',
    {
      query_kind: 'labelled_flows',
      from_location: coalesced(),
      to_location: coalesced('admin3', ['2016-01-03', '2016-01-04']),
      labels: mobility(),
      join_type: 'right',
    },
  ],
  [
    'spatial_aggregate majority_location',
    { query_kind: 'spatial_aggregate', locations: majority('admin2', true) },
  ],
  [
    'joined_spatial_aggregate coalesced_location',
    {
      query_kind: 'joined_spatial_aggregate',
      method: 'avg',
      locations: coalesced(),
      metric: { query_kind: 'event_count', start_date: '2016-01-01', end_date: '2016-01-03' },
    },
  ],
  ['flows coalesced_location', { query_kind: 'flows', from_location: majority(), to_location: coalesced() }],
];

describe('planners of the visit family', () => {
  it.each(ALL)('%s renders every node and re-plans internal nodes with the same ids', (_name, body) => {
    const root = plan(body);
    expect(root.topLevel).toBe(true);
    for (const node of postOrder(root)) {
      expect(sql.render(knex, node.select).toQuery()).toMatch(/SELECT/i);
      if (!node.topLevel) expect(planInternalNode(node.queryKind, node.spec, opts).id).toBe(node.id);
    }
  });

  it('shares one node per distinct sub-spec (the same location_visits under majority and coalesced)', () => {
    const nodes = postOrder(plan(ALL[0]![1]));
    const ids = nodes.filter((n) => n.nodeType === 'location_visits').map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(2); // days 1-2 and days 3-4
    expect(nodes.filter((n) => n.nodeType === 'daily_location')).toHaveLength(4);
  });

  it('records the dates of every daily location under the labelled aggregate', () => {
    const deps = new Set(plan(ALL[0]![1]).dateDependencies.map((d) => `${d.cdrType} ${d.date}`));
    for (const date of ['2016-01-01', '2016-01-02', '2016-01-03', '2016-01-04'])
      expect(deps).toContain(`calls ${date}`);
    expect(deps).not.toContain('calls 2016-01-05');
  });

  it('binds thresholds and flags as values, never as SQL text', () => {
    const nodes = postOrder(plan(ALL[0]![1]));
    const text = (type: string): string =>
      sql.render(knex, nodes.find((n) => n.nodeType === type)!.select).toQuery();
    expect(text('majority_location')).toContain('CAST(true AS boolean)');
    expect(text('coalesced_location')).toMatch(/value >= 2/);
    expect(text('mobility_classification')).toMatch(/longest_stay < 2/);
    expect(text('mobility_classification')).toMatch(/CAST\(1 AS integer\) AS ordinal/);
  });

  it('keeps mobility_classification periods in the order given (order-sensitive list)', () => {
    const m = mobility();
    const reversed = { ...m, locations: [...(m['locations'] as Spec[])].reverse() };
    const a = plan({ query_kind: 'labelled_spatial_aggregate', locations: coalesced(), labels: m });
    const b = plan({ query_kind: 'labelled_spatial_aggregate', locations: coalesced(), labels: reversed });
    expect(a.id).not.toBe(b.id);
  });

  it('redacts labelled aggregates on the smallest label count of the zone or pair (whole zones dropped)', () => {
    const root = plan(ALL[2]![1]);
    const text = sql.render(knex, root.select).toQuery();
    expect(text).toMatch(/redaction_count > 15/);
    const unredacted = sql.render(knex, root.children[0]!.select).toQuery();
    expect(unredacted).toMatch(/min\(counts\.value\) OVER \(PARTITION BY "pcod_from", "pcod_to"\)/);
  });
});
