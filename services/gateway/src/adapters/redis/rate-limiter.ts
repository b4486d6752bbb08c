import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Logger } from '@flowdeck/log';
import { decideRateLimit, type RateLimitDecision } from '../../domain/rate-limit-decision.js';
import { rateWindow } from '../../domain/rate-window.js';
import { gatewayKeys } from '../keys.js';

/** Read once at start-up, so a missing file fails fast. */
const RATE_LIMIT_LUA = readFileSync(new URL('./lua/rate-limit-2.lua', import.meta.url), 'utf8');

/** Extra lifetime of a counter past its window, so clock skew between replicas does not reset it early. */
const KEY_TTL_MARGIN_MS = 5_000;
/** At most one "Redis unavailable" warning per this interval. */
const WARN_INTERVAL_MS = 30_000;

interface RateLimitCommands {
  gatewayRateLimit(subjectKey: string, addressKey: string, ttlMs: number): Promise<[number, number]>;
}

export interface RateLimiterOptions {
  /** Connection shared with nothing else; created with `enableOfflineQueue: false` so an outage fails fast. */
  redis: Redis;
  /** REDIS_KEY_PREFIX. */
  keyPrefix: string;
  /** GATEWAY_RATE_LIMIT_PER_MINUTE; 0 = no limit. */
  subjectLimitPerMinute: number;
  /** GATEWAY_ADDRESS_RATE_LIMIT_PER_MINUTE; 0 = no limit. */
  addressLimitPerMinute: number;
  now: () => Date;
  log: Logger;
}

/**
 * Per-subject and per-address fixed-window limits shared by every gateway replica through Redis (one atomic Lua
 * call per request). FAILS OPEN: when Redis is down or slow the request is allowed and a warning is logged (at most
 * every 30 s) — a rate limiter outage must not take the platform down; the upstreams still authenticate every call.
 */
export class RateLimiter {
  private readonly keys: ReturnType<typeof gatewayKeys>;
  private lastWarnMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: RateLimiterOptions) {
    this.keys = gatewayKeys(options.keyPrefix);
    options.redis.defineCommand('gatewayRateLimit', { numberOfKeys: 2, lua: RATE_LIMIT_LUA });
  }

  /**
   * Counts one request of `subject` (unverified token `sub`, or undefined) from `address` and decides. Without a
   * subject the address itself is the subject, so anonymous clients get the (smaller) per-subject budget.
   */
  async check(input: { subject: string | undefined; address: string }): Promise<RateLimitDecision> {
    const { subjectLimitPerMinute, addressLimitPerMinute, redis } = this.options;
    if (subjectLimitPerMinute === 0 && addressLimitPerMinute === 0) return { allowed: true };
    if (redis.status !== 'ready') {
      // Not connected: fail open at once rather than issuing a command that can only fail.
      this.reportUnavailable(new Error(`redis ${redis.status}`));
      return { allowed: true };
    }
    const nowMs = this.options.now().getTime();
    const window = rateWindow(nowMs);
    const subjectKey = input.subject !== undefined ? `s:${input.subject}` : `a:${input.address}`;
    try {
      const [subjectCount, addressCount] = await (redis as unknown as RateLimitCommands).gatewayRateLimit(
        this.keys.subjectRate(subjectKey, window.index),
        this.keys.addressRate(input.address, window.index),
        window.resetInMs + KEY_TTL_MARGIN_MS,
      );
      return decideRateLimit({
        subjectCount,
        addressCount,
        subjectLimit: subjectLimitPerMinute,
        addressLimit: addressLimitPerMinute,
        resetInMs: window.resetInMs,
      });
    } catch (err) {
      this.reportUnavailable(err);
      return { allowed: true };
    }
  }

  /** Logs that Redis is unavailable and requests pass unlimited; throttled to one line per 30 s. */
  reportUnavailable(err: unknown): void {
    const nowMs = this.options.now().getTime();
    if (nowMs - this.lastWarnMs < WARN_INTERVAL_MS) return;
    this.lastWarnMs = nowMs;
    this.options.log.warn({ module: 'rate-limiter', err: { message: (err as Error)?.message } }, 'rate_limit.redis_unavailable');
  }
}
