import { Counter } from 'prom-client';
import { ServiceMetrics } from '@flowdeck/metrics';

/** auth's Prometheus metrics: the shared HTTP metrics (spec/api.md §11.3) plus sign-ins and session clean-up. */
export class AuthMetrics extends ServiceMetrics {
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
    super('auth');
  }

  countSignIn(outcome: 'success' | 'failure' | 'rate_limited'): void {
    this.signIns.inc({ service: this.service, outcome });
  }

  countSessionsRemoved(n: number): void {
    this.sessionsRemoved.inc({ service: this.service }, n);
  }
}
