import { Queue } from 'bullmq';
import { loadConfig } from '@flowdeck/config';
import { createLogger } from '@flowdeck/log';
import { parseQuerySpec, QUERY_QUEUE_NAME } from '@flowdeck/queries';
import type { Knex } from 'knex';
import { engineSettings } from '../../src/config.js';
import { createDeps, type CreateDepsOptions, type Deps } from '../../src/deps.js';
import { TEST_ROLES } from '../../../../test-support/flowdb.js';

/** Engine deps against a test database and Redis prefix; settings override the test defaults. */
export function testEngine(dbName: string, prefix: string, env: Record<string, string> = {}, o: CreateDepsOptions = {}): Deps {
  const { values } = loadConfig(engineSettings, {
    env: {
      FLOWDB_HOST: '127.0.0.1',
      FLOWDB_PORT: '5432',
      FLOWDB_DATABASE: dbName,
      FLOWMACHINE_FLOWDB_USER: TEST_ROLES.engineUser,
      FLOWMACHINE_FLOWDB_PASSWORD: TEST_ROLES.enginePassword,
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: '6379',
      REDIS_PASSWORD: '',
      REDIS_KEY_PREFIX: prefix,
      REDACTION_THRESHOLD: '15',
      WORKER_KEEPALIVE_INTERVAL: '0.2',
      WORKER_KEEPALIVE_TIMEOUT: '30',
      ...env,
    },
    secretsDir: '/nonexistent-secrets-dir',
  });
  const log = createLogger({ service: 'query-engine', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
  return createDeps(values, log, { defaultMetrics: false, ...o });
}

/** What the api does for POST /run: validate, register (queued), enqueue job id = query id. */
export async function submit(apiDb: Knex, queue: Queue, body: Record<string, unknown>): Promise<string> {
  const v = parseQuerySpec(body, { redactionThreshold: 15 });
  await apiDb.raw('SELECT cache.register_query(?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?) AS state', [
    v.queryId,
    v.kind,
    JSON.stringify(v.params),
    JSON.stringify(v.canonical),
    v.aggregationUnit,
  ]);
  await queue.add('run', { queryId: v.queryId }, { jobId: v.queryId });
  return v.queryId;
}

export function testQueue(prefix: string): Queue {
  return new Queue(QUERY_QUEUE_NAME, { connection: { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null }, prefix });
}

/** Polls `fn` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the query reaches one of the states; returns the row. */
export async function waitForState(db: Knex, queryId: string, states: string[], timeoutMs = 20_000): Promise<Record<string, unknown>> {
  return eventually(
    async () => {
      const row = (await db('cache.queries').where({ query_id: queryId }).first()) as Record<string, unknown> | undefined;
      return row !== undefined && states.includes(String(row['state'])) ? row : undefined;
    },
    timeoutMs,
    `${queryId} to reach ${states.join('/')}`,
  );
}

export function dailyLocationSpec(method: 'last' | 'most-common', unit = 'admin3', date = '2016-01-01'): Record<string, unknown> {
  return {
    query_kind: 'daily_location',
    date,
    aggregation_unit: unit,
    method,
    event_types: null,
    subscriber_subset: null,
    mapping_table: null,
    geom_table: null,
    geom_table_join_column: null,
    hours: null,
  };
}

export function spatialAggregateSpec(method: 'last' | 'most-common', unit = 'admin3'): Record<string, unknown> {
  return { query_kind: 'spatial_aggregate', locations: dailyLocationSpec(method, unit) };
}
