import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Service label of every api metric. */
const SERVICE = 'api';

/**
 * The api's Prometheus metrics (spec/api.md §11.3) in a registry of its own (never prom-client's global one), so
 * several apps in one process (tests) do not share counters.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'flowdeck_http_requests_total',
    help: 'HTTP requests answered, by route template, method and status.',
    labelNames: ['service', 'route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'flowdeck_http_request_duration_seconds',
    help: 'Time to answer an HTTP request (until the last byte for streamed results), by route template and method.',
    labelNames: ['service', 'route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  private readonly authFailures = new Counter({
    name: 'flowdeck_auth_failures_total',
    help: 'Refused tokens and permission checks, by access-log event.',
    labelNames: ['service', 'reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'flowdeck_' });
  }

  observeRequest(r: { route: string; method: string; status: number; seconds: number }): void {
    this.requests.inc({ service: SERVICE, route: r.route, method: r.method, status: String(r.status) });
    this.duration.observe({ service: SERVICE, route: r.route, method: r.method }, r.seconds);
  }

  countAuthFailure(reason: string): void {
    this.authFailures.inc({ service: SERVICE, reason });
  }

  /** Exposition text and its Content-Type (text format 0.0.4). */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
