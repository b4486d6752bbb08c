import { commonSettings, int, num, optionalStr, pem, str, type ConfigOf, type Setting } from '@flowdeck/config';

/** A listen port; 0 asks the OS for a free port (tests). */
function listenPort(o: { doc: string; default: number }): Setting<number> {
  return { ...int({ ...o, min: 0, max: 65535 }), type: 'port' };
}

/** An optional listen port: unset (or empty) disables the listener. */
function optionalListenPort(o: { doc: string }): Setting<number | undefined> {
  const base = int({ ...o, min: 0, max: 65535 });
  return {
    ...base,
    type: 'port',
    optional: true,
    default: undefined,
    parse: (raw: string) => (raw.trim() === '' ? undefined : base.parse(raw)),
  };
}

/** An upstream base URL (`http://` or `https://`, no path beyond `/`). */
function upstreamUrl(o: { doc: string; default: string }): Setting<string> {
  return {
    ...str(o),
    type: 'URL',
    parse: (raw: string) => {
      let url: URL;
      try {
        url = new URL(raw.trim());
      } catch {
        throw new Error(`expected an http:// or https:// URL, got '${raw}'`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`expected an http:// or https:// URL, got '${raw}'`);
      if (url.pathname !== '/' || url.search !== '' || url.hash !== '') throw new Error('must not have a path, query or fragment');
      if (url.username !== '' || url.password !== '') throw new Error('must not carry credentials');
      return url.origin;
    },
  };
}

/**
 * Settings of services/gateway (spec/deployment.md §3, §4, §6). Keys are the exact setting names; names marked
 * (Extension) are Flowdeck's own. packages/config resolves each from /run/secrets, NAME_FILE, env, then the default.
 */
export const gatewaySettings = {
  ...commonSettings,
  GATEWAY_LOG_LEVEL: optionalStr({ doc: 'Log level of the gateway; defaults to LOG_LEVEL.' }),
  'cert-flowkit.pem': pem({
    kind: 'secret',
    optional: true,
    doc: 'TLS certificate (chain) served on every listener. Without it and key-flowkit.pem the gateway refuses to start, except with NODE_ENV=development, where it serves plain HTTP and warns.',
  }),
  'key-flowkit.pem': pem({ kind: 'secret', optional: true, doc: 'TLS private key matching cert-flowkit.pem.' }),
  GATEWAY_API_PORT: listenPort({
    doc: '(Extension) Container port of the API listener (routes /, /api/0/*; serves the gateway /health; never /metrics).',
    default: 443,
  }),
  GATEWAY_AUTH_PORT: listenPort({ doc: '(Extension) Container port of the auth listener (everything but /metrics to auth).', default: 8443 }),
  GATEWAY_ETL_PORT: optionalListenPort({
    doc: '(Extension) Container port of an optional third listener that routes everything but /metrics to the ETL monitor; unset = no ETL listener.',
  }),
  GATEWAY_API_URL: upstreamUrl({ doc: '(Extension) Base URL of the api upstream; https:// upstreams must present cert-flowkit.pem or a publicly trusted certificate.', default: 'http://api:9090' }),
  GATEWAY_AUTH_URL: upstreamUrl({ doc: '(Extension) Base URL of the auth upstream.', default: 'http://auth:9091' }),
  GATEWAY_ETL_URL: upstreamUrl({ doc: '(Extension) Base URL of the ETL monitor upstream (used only when GATEWAY_ETL_PORT is set).', default: 'http://etl:8080' }),
  MAX_REQUEST_SIZE_MB: num({ doc: 'Largest request body in MiB; 413 beyond (checked from Content-Length and while streaming).', default: 10, min: 0.001 }),
  GATEWAY_RATE_LIMIT_PER_MINUTE: int({
    doc: '(Extension) Requests per minute per token subject (unverified JWT `sub`; the source address when there is no token); 0 = no limit.',
    default: 600,
    min: 0,
  }),
  GATEWAY_ADDRESS_RATE_LIMIT_PER_MINUTE: int({ doc: '(Extension) Requests per minute per source address; 0 = no limit.', default: 1200, min: 0 }),
  GATEWAY_REDIS_HOST: str({ doc: '(Extension) Redis holding the rate-limit counters shared by gateway replicas.', default: 'localhost' }),
  GATEWAY_REDIS_PORT: int({ doc: '(Extension) Port of GATEWAY_REDIS_HOST.', default: 6379, min: 1, max: 65535 }),
  GATEWAY_REDIS_PASSWORD: optionalStr({ kind: 'secret', doc: '(Extension) Password of GATEWAY_REDIS_HOST; unset = none.' }),
  REDIS_KEY_PREFIX: str({ doc: '(Extension) Prefix of every Redis key; the gateway uses <prefix>:gateway:*.', default: 'flowdeck' }),
} as const;

/** The resolved settings of the gateway. */
export type GatewayConfig = ConfigOf<typeof gatewaySettings>;

/** Log level actually used: GATEWAY_LOG_LEVEL, else LOG_LEVEL. */
export function gatewayLogLevel(config: GatewayConfig): string {
  return config.GATEWAY_LOG_LEVEL ?? config.LOG_LEVEL;
}

/** MAX_REQUEST_SIZE_MB in bytes (MiB). */
export function maxRequestBytes(config: GatewayConfig): number {
  return Math.floor(config.MAX_REQUEST_SIZE_MB * 1024 * 1024);
}
