import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import knexFactory from 'knex';
import { parseQuerySpec } from '@flowdeck/queries';
import { SqlLibrary } from '../../src/adapters/postgres/sql-library.js';
import { cacheTable } from '../../src/domain/names.js';
import { postOrder } from '../../src/domain/plan-node.js';
import { planQuery } from '../../src/domain/plan-query.js';
import { spatialAggregateSpec } from '../support/engine.js';

// A client-only knex: renders SQL, never connects.
const knex = knexFactory({ client: 'pg' });
const sql = new SqlLibrary();
const UPDATE = process.env['UPDATE_SQL_SNAPSHOTS'] === '1';

afterAll(() => knex.destroy());

/** Every node's SELECT of a query, rendered with values inlined, as the checked-in text next to this test. */
function renderPlan(body: Record<string, unknown>): string {
  const v = parseQuerySpec(body, { redactionThreshold: 15 });
  const root = planQuery(v.queryId, v.canonical, { redactionThreshold: 15, tableOf: cacheTable });
  return postOrder(root)
    .map((n) => `-- node ${n.nodeType} ${n.id}\n${sql.render(knex, n.select).toQuery()};\n`)
    .join('\n');
}

describe.each([
  ['spatial-aggregate-last-admin3', spatialAggregateSpec('last', 'admin3')],
  ['spatial-aggregate-most-common-lon-lat', spatialAggregateSpec('most-common', 'lon-lat')],
])('generated SQL of %s', (name, body) => {
  it('matches the checked-in SQL', () => {
    const file = fileURLToPath(new URL(`./sql/${name}.sql`, import.meta.url));
    const text = renderPlan(body);
    if (UPDATE || !existsSync(file)) writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});
