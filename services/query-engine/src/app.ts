import express, { type NextFunction, type Request, type Response } from 'express';
import type { Deps } from './deps.js';
import { healthRoute } from './http/health.js';

export type AppDeps = Pick<Deps, 'config' | 'stateDb' | 'queue' | 'janitor' | 'cache' | 'states' | 'metrics' | 'log' | 'now'>;

const QUERY_STATES = ['known', 'queued', 'executing', 'completed', 'errored', 'cancelled', 'resetting'] as const;

/** Gauges read at scrape time: queue depths, queries by state, cache size and budget. Failures leave old values. */
async function refreshGauges(deps: AppDeps): Promise<void> {
  const { metrics } = deps;
  try {
    const counts = await deps.queue.counts();
    for (const [state, n] of Object.entries(counts)) metrics.queueJobs.set({ queue: 'queries', state }, n);
  } catch (err) {
    deps.log.warn({ err }, 'metrics.queue_counts_failed');
  }
  try {
    const byState = await deps.states.countByState(deps.stateDb);
    for (const state of QUERY_STATES) metrics.queriesByState.set({ state }, byState.get(state) ?? 0);
    const b = await deps.cache.budget(deps.stateDb);
    metrics.cacheSize.set(b.usedBytes);
    metrics.cacheEntries.set(b.entries);
    if (b.cacheSizeBytes === undefined) metrics.cacheBudget.reset();
    else metrics.cacheBudget.set(b.cacheSizeBytes);
  } catch (err) {
    deps.log.warn({ err }, 'metrics.flowdb_gauges_failed');
  }
}

/**
 * The engine's HTTP app on FLOWMACHINE_PORT: GET /health (checks flowdb, redis, janitor, cache_budget;
 * deployment.md §7) and GET /metrics (when METRICS_ENABLED). Error middleware last.
 */
export function buildApp(deps: AppDeps, o: { version: string }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const intervalMs = deps.config.WORKER_KEEPALIVE_INTERVAL * 1000;
  app.get(
    '/health',
    healthRoute({
      service: 'query-engine',
      version: o.version,
      checks: {
        flowdb: async () => {
          await deps.stateDb.raw('SELECT 1');
          return 'ok';
        },
        redis: async () => {
          await deps.queue.ping();
          return 'ok';
        },
        janitor: async () => {
          const last = deps.janitor.lastPassAt;
          if (last === undefined) return 'error: no pass yet';
          return deps.now().getTime() - last.getTime() <= 2 * intervalMs ? 'ok' : 'error: last pass too old';
        },
        // Over budget is degraded, not down: the write-time bound logs and exports the overshoot (flowdb.md §8.2).
        cache_budget: async () => {
          const b = await deps.cache.budget(deps.stateDb);
          deps.metrics.cacheSize.set(b.usedBytes);
          return b.cacheSizeBytes !== undefined && b.usedBytes > b.cacheSizeBytes ? 'over_budget' : 'ok';
        },
      },
    }),
  );
  if (deps.config.METRICS_ENABLED) {
    app.get('/metrics', async (_req: Request, res: Response) => {
      await refreshGauges(deps);
      res.set('Content-Type', deps.metrics.registry.contentType);
      res.send(await deps.metrics.registry.metrics());
    });
  }
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ status: 'Error', msg: 'Not found' });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    deps.log.error({ err }, 'http.unhandled_error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(500).json({ status: 'Error', msg: 'Internal server error' });
  });
  return app;
}
