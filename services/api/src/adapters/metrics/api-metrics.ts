import { Counter } from 'prom-client';
import { ServiceMetrics } from '@flowdeck/metrics';

/** The api's Prometheus metrics (spec/api.md §11.3): the shared HTTP metrics plus refused tokens and permissions. */
export class ApiMetrics extends ServiceMetrics {
  private readonly authFailures = new Counter({
    name: 'flowdeck_auth_failures_total',
    help: 'Refused tokens and permission checks, by access-log event.',
    labelNames: ['service', 'reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    super('api');
  }

  countAuthFailure(reason: string): void {
    this.authFailures.inc({ service: this.service, reason });
  }
}
