import { readFileSync } from 'node:fs';

/** The service version (`version` of services/etl/package.json), read once at start-up. */
export function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
