import { readFile } from 'node:fs/promises';
import { verifyRevocationList, type PublicKeySet } from '@flowdeck/tokens';
import type { Logger } from '@flowdeck/log';

/** `/health` value of the revocation_list check (spec/api.md §11.2). */
export type RevocationStatus = 'disabled' | 'ok' | 'stale' | `error: ${string}`;

export interface RevocationListHolderOptions {
  /** FLOWAPI_REVOCATION_LIST: a file path or an https:// URL; undefined disables revocation. */
  source: string | undefined;
  keys: PublicKeySet;
  /** FLOWAPI_IDENTIFIER: entries for other audiences are ignored. */
  audience: string;
  /** FLOWAPI_REVOCATION_REFRESH_SECONDS. */
  refreshSeconds: number;
  now: () => Date;
  log: Logger;
}

/**
 * Holds auth's signed revocation list (spec/tokens.md §8): loaded by `start()` and every `refreshSeconds`, verified
 * with the api's public keys, never rolled back to an older `iat`. A failed refresh keeps the previous list and
 * reports `stale`. Before the first list arrives the empty list is in force and the status is `stale` too (still
 * 200): on a first deployment auth's file may not have been copied yet, and a 503 would take every api replica out
 * of the gateway for that. `close()` stops the timer and waits for a refresh in flight.
 */
export class RevocationListHolder {
  private revoked = new Set<string>();
  private iat: number | undefined;
  private lastError: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly opts: RevocationListHolderOptions) {}

  /** Whether `jti` is on the list in force. */
  isRevoked = (jti: string): boolean => this.revoked.has(jti);

  status(): RevocationStatus {
    if (this.opts.source === undefined) return 'disabled';
    return this.iat !== undefined && this.lastError === undefined ? 'ok' : 'stale';
  }

  /** Loads the list once, then refreshes it periodically. Resolves after the first attempt, whatever its outcome. */
  async start(): Promise<void> {
    if (this.opts.source === undefined) return;
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.opts.refreshSeconds * 1000);
    this.timer.unref();
  }

  /** One load attempt; the outcome is recorded in status(), never thrown. */
  refresh(): Promise<void> {
    this.inFlight = this.inFlight.then(() => this.load());
    return this.inFlight;
  }

  private async load(): Promise<void> {
    const source = this.opts.source;
    if (source === undefined) return;
    try {
      const text = await readSource(source);
      const nowSeconds = Math.floor(this.opts.now().getTime() / 1000);
      const list = verifyRevocationList(text, { keys: this.opts.keys, audience: this.opts.audience, now: nowSeconds });
      if (this.iat !== undefined && list.iat < this.iat) throw new Error('list is older than the one in force');
      this.iat = list.iat;
      this.revoked = new Set(list.revoked.map((e) => e.jti));
      this.lastError = undefined;
    } catch (err) {
      this.lastError = err instanceof Error ? err.message.slice(0, 200) : 'unreadable';
      this.opts.log.warn({ reason: this.lastError }, 'revocation_list.refresh_failed');
    }
  }

  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }
}

async function readSource(source: string): Promise<string> {
  if (source.startsWith('https://')) {
    const response = await fetch(source, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.text();
  }
  return await readFile(source, 'utf8');
}
