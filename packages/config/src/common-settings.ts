import { bool, oneOf, str } from './settings.js';

/**
 * Settings every Flowdeck service reads (spec/deployment.md §3-4). Services spread these into their own
 * declaration so the names, defaults and docs exist once.
 */
export const commonSettings = {
  NODE_ENV: oneOf(['development', 'production', 'test'] as const, {
    doc: '`production` turns on the production refusals (DB_RESET, SQLite, insecure cookies, demo mode).',
    default: 'development',
  }),
  LOG_LEVEL: oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'critical'] as const, {
    doc: 'Default log level; the per-service *_LOG_LEVEL overrides it.',
    default: 'info',
  }),
  LISTEN_ADDRESS: str({ doc: 'Bind address of every HTTP listener; stack files set 0.0.0.0.', default: '127.0.0.1' }),
  METRICS_ENABLED: bool({ doc: 'Serve Prometheus metrics on /metrics.', default: true }),
} as const;
