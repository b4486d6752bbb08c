import { Counter, Gauge, Histogram } from 'prom-client';
import { ServiceMetrics } from '@flowdeck/metrics';

/**
 * The engine's Prometheus metrics (api.md §11.3), in a registry of its own (no global state, so tests can build
 * several engines in one process).
 */
export class EngineMetrics extends ServiceMetrics {
  readonly queriesTotal = new Counter({
    name: 'flowdeck_queries_total',
    help: 'Query runs finished by this engine, by query kind and outcome (completed, errored, cancelled, requeued).',
    labelNames: ['query_kind', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly queryDuration = new Histogram({
    name: 'flowdeck_query_duration_seconds',
    help: 'Wall time of query runs, by query kind.',
    labelNames: ['query_kind'] as const,
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [this.registry],
  });
  readonly cacheHits = new Counter({
    name: 'flowdeck_cache_hits_total',
    help: 'Nodes found already computed in the cache.',
    registers: [this.registry],
  });
  readonly cacheMisses = new Counter({
    name: 'flowdeck_cache_misses_total',
    help: 'Nodes that had to be computed.',
    registers: [this.registry],
  });
  readonly cacheSize = new Gauge({
    name: 'flowdeck_cache_size_bytes',
    help: 'Bytes used by cache tables (sum of cache.cached.size_bytes), as last measured.',
    registers: [this.registry],
  });
  readonly cacheEvictions = new Counter({
    name: 'flowdeck_cache_evictions_total',
    help: 'Cache entries removed, by reason (size, invalidated).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly queueJobs = new Gauge({
    name: 'flowdeck_queue_jobs',
    help: 'Jobs in the query queue, by state.',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly queriesByState = new Gauge({
    name: 'flowdeck_queries_by_state',
    help: 'Rows of cache.queries (top-level queries and dependency nodes) by state, as of the last scrape.',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  readonly cacheEntries = new Gauge({
    name: 'flowdeck_cache_entries',
    help: 'Rows of cache.cached (tables in the cache), as of the last scrape.',
    registers: [this.registry],
  });
  readonly cacheBudget = new Gauge({
    name: 'flowdeck_cache_budget_bytes',
    help: 'CACHE_SIZE (cache.cache_config.cache_size); absent when unbounded.',
    registers: [this.registry],
  });

  constructor(o: { defaultMetrics?: boolean } = {}) {
    super('query-engine', o);
  }
}
