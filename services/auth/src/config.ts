import { bool, commonSettings, ConfigError, int, num, oneOf, optionalStr, pem, port, str, type ConfigOf, type Setting } from '@flowdeck/config';

/** An optional PEM secret (TLS material): unset gives `undefined`. */
function optionalPem(doc: string): Setting<string | undefined> {
  return pem({ doc, kind: 'secret', optional: true }) as Setting<string | undefined>;
}

/**
 * Settings of services/auth (spec/deployment.md §2.5, §3, §4). Keys are the exact setting names.
 */
export const authSettings = {
  ...commonSettings,
  FLOWAUTH_LOG_LEVEL: optionalStr({ doc: 'Log level of auth; defaults to LOG_LEVEL.' }),
  FLOWAUTH_PORT: port({ doc: 'Listen port of auth.', default: 9091 }),
  DB_URI: optionalStr({
    doc: 'Auth database: postgresql://, postgres:// or postgresql+psycopg2:// URL (`{}` is replaced by the percent-encoded FLOWAUTH_DB_PASSWORD), or sqlite:///<path>; unset = SQLite file /var/lib/flowdeck-auth/auth.db with a warning at every start (refused in production).',
  }),
  FLOWAUTH_DB_PASSWORD: str({ kind: 'secret', doc: 'Password substituted for `{}` in DB_URI.', default: '', allowEmpty: true }),
  DB_MIGRATION_MODE: oneOf(['upgrade', 'none'] as const, {
    doc: '`upgrade`: apply migrations at start under an advisory lock; `none`: only verify the schema version.',
    default: 'upgrade',
  }),
  DB_RESET: bool({ doc: "Drop and recreate auth's schema at start (development only; refused in production).", default: false }),
  RESET_FLOWAUTH_DB: bool({ doc: "FlowAuth's alias of DB_RESET.", default: false }),
  FLOWAUTH_FERNET_KEY: str({ kind: 'secret', doc: 'Encryption key ring: comma-separated base64 32-byte keys; the first encrypts.' }),
  SECRET_KEY: str({ kind: 'secret', doc: 'Signs session ids, CSRF tokens and two-factor set-up tokens.' }),
  PRIVATE_JWT_SIGNING_KEY: pem({ kind: 'secret', doc: 'RSA private key(s), PEM or base64(PEM); the first signs tokens.' }),
  FLOWAUTH_ADMIN_USERNAME: str({ kind: 'secret', doc: 'Admin account created, or reset, at every start.' }),
  FLOWAUTH_ADMIN_PASSWORD: str({ kind: 'secret', doc: 'Password of FLOWAUTH_ADMIN_USERNAME, set at every start.' }),
  FLOWAUTH_CACHE_BACKEND: oneOf(['file', 'memory', 'redis', 'database'] as const, {
    doc: 'Replay and rate-limit store: file (one host), memory (one process), redis (several hosts), database (the auth DB).',
    default: 'file',
  }),
  FLOWAUTH_CACHE_FILE: str({ doc: 'File of the `file` cache backend.', default: '/dev/shm/flowauth_last_used_cache' }),
  FLOWAUTH_REDIS_HOST: optionalStr({ kind: 'secret', doc: 'Redis host of the `redis` cache backend (required with it).' }),
  FLOWAUTH_REDIS_PORT: port({ kind: 'secret', doc: 'Redis port of the `redis` cache backend.', default: 6379 }),
  FLOWAUTH_REDIS_DB: int({ kind: 'secret', doc: 'Redis database index of the `redis` cache backend.', default: 0, min: 0 }),
  FLOWAUTH_REDIS_PASSWORD: str({ kind: 'secret', doc: 'Redis password of the `redis` cache backend.', default: '', allowEmpty: true }),
  REDIS_KEY_PREFIX: str({ doc: '**Extension**: prefix of every Redis key auth writes.', default: 'flowdeck' }),
  FLOWAUTH_TWO_FACTOR_ISSUER: str({ doc: 'TOTP issuer shown by authenticator apps.', default: 'FlowAuth' }),
  TWO_FACTOR_VALID_WINDOW: int({ doc: 'TOTP steps accepted either side of the current one (0 or 1).', default: 0, min: 0, max: 1 }),
  DEMO_MODE: bool({ doc: "Load FlowAuth's demo data at start (refused in production).", default: false }),
  FLOWAUTH_LOGIN_MAX_FAILURES: int({ doc: 'Failed sign-ins per username per window (5x per source address).', default: 10, min: 1 }),
  FLOWAUTH_LOGIN_FAILURE_WINDOW_SECONDS: int({ doc: 'Window of the sign-in failure counters, in seconds.', default: 900, min: 1 }),
  FLOWAUTH_INSECURE_COOKIES: bool({ doc: 'Drop the Secure cookie flag (local plain-HTTP development only; refused in production).', default: false }),
  MAX_REQUEST_SIZE_MB: num({ doc: 'Largest request body in MiB; 413 beyond.', default: 10, min: 0.001 }),
  CORS_ORIGIN: optionalStr({ doc: 'Comma-separated origins allowed for browser requests; unset = no CORS headers; `*` is refused.' }),
  FLOWAUTH_TRUSTED_PROXIES: optionalStr({
    doc: '**Extension**: comma-separated addresses or CIDR ranges of reverse proxies (the gateway) whose X-Forwarded-For is trusted for the client address, or `loopback`, `linklocal`, `uniquelocal`; unset = none (the socket address is the client).',
  }),
  'cert-flowkit.pem': optionalPem('TLS certificate; with key-flowkit.pem, auth serves HTTPS itself.'),
  'key-flowkit.pem': optionalPem('TLS private key; with cert-flowkit.pem, auth serves HTTPS itself.'),
} as const;

export type AuthConfig = ConfigOf<typeof authSettings>;

/** Cross-setting rules and production refusals (deployment.md §2.5, §3, §4); throws one ConfigError listing all. */
export function checkAuthConfig(config: AuthConfig): void {
  const problems: string[] = [];
  const production = config.NODE_ENV === 'production';
  if (production && (config.DB_RESET || config.RESET_FLOWAUTH_DB)) problems.push('DB_RESET / RESET_FLOWAUTH_DB is refused when NODE_ENV=production.');
  if (production && config.FLOWAUTH_INSECURE_COOKIES) problems.push('FLOWAUTH_INSECURE_COOKIES is refused when NODE_ENV=production.');
  if (production && config.DEMO_MODE) problems.push('DEMO_MODE is refused when NODE_ENV=production.');
  if (config.FLOWAUTH_CACHE_BACKEND === 'redis' && config.FLOWAUTH_REDIS_HOST === undefined) {
    problems.push("Undefined configuration option: 'FLOWAUTH_REDIS_HOST'. Please set docker secret or environment variable.");
  }
  if (config.CORS_ORIGIN !== undefined && config.CORS_ORIGIN.split(',').some((o) => o.trim() === '*')) {
    problems.push("Invalid configuration option: 'CORS_ORIGIN': '*' is refused for auth.");
  }
  if ((config['cert-flowkit.pem'] === undefined) !== (config['key-flowkit.pem'] === undefined)) {
    problems.push('cert-flowkit.pem and key-flowkit.pem must be given together.');
  }
  if (production && config.DB_URI === undefined) {
    problems.push('DB_URI is unset: the default SQLite file is refused when NODE_ENV=production; set DB_URI to a postgresql:// URL.');
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
