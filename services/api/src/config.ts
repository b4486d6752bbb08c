import { commonSettings, int, optionalStr, pem, port, str, type ConfigOf } from '@flowdeck/config';

/**
 * Settings of services/api (spec/deployment.md §2.4, §3, §4). Keys are the exact setting names; packages/config
 * resolves each from /run/secrets, NAME_FILE, the environment, then the default.
 */
export const apiSettings = {
  ...commonSettings,
  PUBLIC_JWT_SIGNING_KEY: pem({
    kind: 'secret',
    doc: 'One or more RSA public keys (PEM or base64 of PEM) that verify analyst tokens (spec/tokens.md §7).',
  }),
  FLOWAPI_IDENTIFIER: str({ kind: 'secret', doc: 'Required token audience; published as x-audience in the OpenAPI document.' }),
  'cert-flowkit.pem': pem({
    kind: 'secret',
    optional: true,
    doc: 'TLS certificate; when it and key-flowkit.pem both exist the api serves HTTPS itself.',
  }),
  'key-flowkit.pem': pem({ kind: 'secret', optional: true, doc: 'TLS private key matching cert-flowkit.pem.' }),
  FLOWAPI_FLOWDB_USER: str({ kind: 'secret', doc: 'FlowDB login role of the api.', default: 'flowapi' }),
  FLOWAPI_FLOWDB_PASSWORD: str({ kind: 'secret', doc: 'Password of FLOWAPI_FLOWDB_USER.', allowEmpty: true }),
  FLOWDB_HOST: str({ doc: 'FlowDB host.', default: 'localhost' }),
  FLOWDB_PORT: port({ doc: 'FlowDB port.', default: 9000 }),
  FLOWDB_DATABASE: str({ doc: '(Extension) FlowDB database name.', default: 'flowdb' }),
  REDIS_HOST: str({ doc: 'Redis host (BullMQ dispatch to the query engine).', default: 'localhost' }),
  REDIS_PORT: port({ doc: 'Redis port.', default: 6379 }),
  REDIS_PASSWORD: str({ kind: 'secret', doc: 'Redis password; may be empty.', allowEmpty: true }),
  REDIS_KEY_PREFIX: str({ doc: '(Extension) Prefix of every BullMQ/Redis key.', default: 'flowdeck' }),
  FLOWAPI_PORT: port({ doc: 'Listen port.', default: 9090 }),
  FLOWAPI_LOG_LEVEL: optionalStr({ doc: 'Log level of the api; defaults to LOG_LEVEL.' }),
  FLOWAPI_RESPONSE_TIMEOUT: int({ doc: 'Seconds a non-streaming request may take before 503.', default: 300, min: 1 }),
  MAX_REQUEST_SIZE_MB: int({ doc: 'Largest request body in MiB; 413 beyond.', default: 10, min: 1 }),
  CORS_ORIGIN: optionalStr({ doc: 'Comma-separated origins allowed for browser requests; unset = no CORS headers.' }),
  JWT_LEEWAY_SECONDS: int({ doc: 'Clock leeway for exp/nbf/iat, seconds.', default: 10, min: 0, max: 300 }),
  FLOWAPI_REVOCATION_LIST: optionalStr({ doc: "Path of auth's signed revocation list (spec/tokens.md §8); unset = disabled." }),
  FLOWAPI_REVOCATION_REFRESH_SECONDS: int({ doc: 'Reload interval of the revocation list, seconds.', default: 60, min: 1 }),
  REDACTION_THRESHOLD: int({ doc: 'Redaction threshold; part of every query id (spec/query-kinds.md §7).', default: 15, min: 15 }),
} as const;

/** The resolved settings of the api. */
export type ApiConfig = ConfigOf<typeof apiSettings>;

/** Log level actually used: FLOWAPI_LOG_LEVEL, else LOG_LEVEL. */
export function apiLogLevel(config: ApiConfig): string {
  return config.FLOWAPI_LOG_LEVEL ?? config.LOG_LEVEL;
}
