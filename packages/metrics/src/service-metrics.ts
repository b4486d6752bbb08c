import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Upper bounds (seconds) of the request-duration histogram; streamed results can take minutes. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface ServiceMetricsOptions {
  /** Node process metrics with the `flowdeck_` prefix; default true (tests building many apps may turn it off). */
  defaultMetrics?: boolean;
}

/**
 * The metrics every Flowdeck service exposes (spec/api.md §11.3): `flowdeck_http_requests_total`,
 * `flowdeck_http_request_duration_seconds` and the Node process metrics, in a registry of the service's own (never
 * prom-client's global one, so several apps in one process do not share counters). Services extend it with their own
 * metrics registered in `this.registry`.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'service' | 'route' | 'method' | 'status'>;
  private readonly duration: Histogram<'service' | 'route' | 'method'>;

  constructor(
    readonly service: string,
    options: ServiceMetricsOptions = {},
  ) {
    this.requests = new Counter({
      name: 'flowdeck_http_requests_total',
      help: 'HTTP requests answered, by route template, method and status.',
      labelNames: ['service', 'route', 'method', 'status'] as const,
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'flowdeck_http_request_duration_seconds',
      help: 'Time to answer an HTTP request (until the last byte for streamed results), by route template and method.',
      labelNames: ['service', 'route', 'method'] as const,
      buckets: DURATION_BUCKETS,
      registers: [this.registry],
    });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'flowdeck_' });
  }

  /** Records one answered request; `route` is the route template, never the raw path. */
  observeRequest(r: { route: string; method: string; status: number; seconds: number }): void {
    this.requests.inc({ service: this.service, route: r.route, method: r.method, status: String(r.status) });
    this.duration.observe({ service: this.service, route: r.route, method: r.method }, r.seconds);
  }

  /** Exposition text and its Content-Type (text format 0.0.4). */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
