import knexFactory from 'knex';
import { parseQuerySpec } from '@flowdeck/queries';
import { SqlLibrary } from '../../src/adapters/postgres/sql-library.js';
import { cacheTable } from '../../src/domain/names.js';
import { postOrder, type PlanNode } from '../../src/domain/plan-node.js';
import { planInternalNode, planQuery } from '../../src/domain/plan-query.js';

// Planning of the meaningful-locations kinds: every node renders, internal nodes re-plan with the same ids, scores
// and labels reach the SQL only as bindings, and label rings are closed for PostGIS.

const knex = knexFactory({ client: 'pg' });
const sql = new SqlLibrary();
const opts = { redactionThreshold: 15, tableOf: cacheTable };
afterAll(() => knex.destroy());

type Spec = Record<string, unknown>;
const common = {
  labels: { "day'; DROP TABLE x; --": { type: 'Polygon', coordinates: [[[0, -1], [0, 1], [1, 1], [1, -1]]] } },
  tower_day_of_week_scores: { monday: 1, tuesday: 1, wednesday: 1, thursday: 0, friday: -1, saturday: -1, sunday: -0.5 },
  tower_hour_of_day_scores: Array.from({ length: 24 }, (_, h) => (h < 12 ? -0.25 : 0.75)),
  aggregation_unit: 'admin2',
};
const label = "day'; DROP TABLE x; --";
const SPECS: Record<string, Spec> = {
  aggregate: { query_kind: 'meaningful_locations_aggregate', start_date: '2016-01-01', end_date: '2016-01-08', label, ...common },
  between_labels: { query_kind: 'meaningful_locations_between_label_od_matrix', start_date: '2016-01-01', end_date: '2016-01-08', label_a: label, label_b: 'unknown', ...common },
  between_dates: {
    query_kind: 'meaningful_locations_between_dates_od_matrix',
    start_date_a: '2016-01-01', end_date_a: '2016-01-02', start_date_b: '2016-01-03', end_date_b: '2016-01-04', label, ...common, event_types: ['sms'],
  },
};

function plan(body: Spec): PlanNode {
  const v = parseQuerySpec(body, { redactionThreshold: 15 });
  return planQuery(v.queryId, v.canonical, opts);
}

describe('meaningful-locations planners', () => {
  it.each(Object.entries(SPECS))('%s renders every node and re-plans internal nodes with the same ids', (_name, body) => {
    const root = plan(body);
    for (const node of postOrder(root)) {
      const text = sql.render(knex, node.select).toQuery();
      expect(text).toMatch(/SELECT/i);
      if (!node.topLevel) expect(planInternalNode(node.queryKind, node.spec, opts).id).toBe(node.id);
    }
  });

  it('binds scores, labels and parameters as values and closes label rings', () => {
    const root = plan(SPECS['between_labels']!);
    const query = sql.render(knex, root.children[0]!.select).toSQL();
    const values = query.bindings.map(String);
    expect(values).toContain(JSON.stringify(common.tower_hour_of_day_scores));
    expect(values).toContain('[1,1,1,0,-1,-1,-0.5]');
    expect(values).toContain(JSON.stringify({ [label]: { type: 'Polygon', coordinates: [[[0, -1], [0, 1], [1, 1], [1, -1], [0, -1]]] } }));
    expect(values).toContain(label);
    expect(query.sql).not.toContain('DROP TABLE');
    expect(query.sql).toContain('"geography"."admin2"');
    expect(query.sql).toContain('cache.hartigan_clusters');
  });

  it('exposes the rows above T ordered by zone', () => {
    const text = sql.render(knex, plan(SPECS['between_dates']!).select).toQuery();
    expect(text).toMatch(/WHERE value > 15\s+ORDER BY "pcod_from", "pcod_to"/);
  });
});
