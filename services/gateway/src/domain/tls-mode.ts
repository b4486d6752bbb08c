import { ConfigError } from '@flowdeck/config';

/** How the listeners serve: TLS with the given PEMs, or plain HTTP (development only). */
export type TlsMode = { tls: true; cert: string; key: string } | { tls: false };

/**
 * Decides the serving mode from `cert-flowkit.pem` / `key-flowkit.pem` and NODE_ENV. Throws `ConfigError` when only
 * one of the two is set, or when both are missing outside NODE_ENV=development.
 */
export function resolveTlsMode(input: { cert: string | undefined; key: string | undefined; nodeEnv: string }): TlsMode {
  const { cert, key, nodeEnv } = input;
  if (cert !== undefined && key !== undefined) return { tls: true, cert, key };
  if (cert !== undefined || key !== undefined) {
    throw new ConfigError([`Invalid configuration option: '${cert === undefined ? 'cert-flowkit.pem' : 'key-flowkit.pem'}': both cert-flowkit.pem and key-flowkit.pem are needed for TLS.`]);
  }
  if (nodeEnv === 'development') return { tls: false };
  throw new ConfigError([
    "Undefined configuration option: 'cert-flowkit.pem'. Please set docker secret or environment variable.",
    "Undefined configuration option: 'key-flowkit.pem'. Please set docker secret or environment variable.",
  ]);
}
