import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Service label of every auth metric. */
const SERVICE = 'auth';

/**
 * auth's Prometheus metrics, named as the api's (spec/api.md §11.3), in a registry of its own so that several apps
 * in one process (tests) do not share counters.
 */
export class AuthMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'flowdeck_http_requests_total',
    help: 'HTTP requests answered, by route template, method and status.',
    labelNames: ['service', 'route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'flowdeck_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template and method.',
    labelNames: ['service', 'route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly signIns = new Counter({
    name: 'flowdeck_auth_signins_total',
    help: 'Sign-in attempts by outcome (success, failure, rate_limited).',
    labelNames: ['service', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly sessionsRemoved = new Counter({
    name: 'flowdeck_auth_expired_sessions_removed_total',
    help: 'Expired sessions deleted by the periodic clean-up.',
    labelNames: ['service'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'flowdeck_' });
  }

  observeRequest(r: { route: string; method: string; status: number; seconds: number }): void {
    this.requests.inc({ service: SERVICE, route: r.route, method: r.method, status: String(r.status) });
    this.duration.observe({ service: SERVICE, route: r.route, method: r.method }, r.seconds);
  }

  countSignIn(outcome: 'success' | 'failure' | 'rate_limited'): void {
    this.signIns.inc({ service: SERVICE, outcome });
  }

  countSessionsRemoved(n: number): void {
    this.sessionsRemoved.inc({ service: SERVICE }, n);
  }

  /** Exposition text and its Content-Type (text format 0.0.4). */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
