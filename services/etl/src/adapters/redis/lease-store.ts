import type { Redis } from 'ioredis';
import type { CdrType } from '../../domain/cdr-types.js';
import { EtlKeys } from '../../keys.js';

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * Worker leases on (type, date) in ETL's Redis: taken before an attempt is recorded `ingesting`, renewed every
 * WORKER_KEEPALIVE_INTERVAL, expiring after WORKER_KEEPALIVE_TIMEOUT of silence. A recorded `ingesting` attempt whose
 * lease is gone was abandoned (its worker died): the janitor closes it.
 */
export class LeaseStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  /** True when this owner now holds the lease (fresh, or already its own). */
  async acquire(cdrType: CdrType, date: string, owner: string): Promise<boolean> {
    const key = EtlKeys.lease(this.prefix, cdrType, date);
    if ((await this.redis.set(key, owner, 'PX', this.ttlMs, 'NX')) === 'OK') return true;
    return (await this.renew(cdrType, date, owner)) === true;
  }

  /** Extends a lease this owner holds; false when it was lost. */
  async renew(cdrType: CdrType, date: string, owner: string): Promise<boolean> {
    return Number(await this.redis.eval(RENEW, 1, EtlKeys.lease(this.prefix, cdrType, date), owner, String(this.ttlMs))) === 1;
  }

  async release(cdrType: CdrType, date: string, owner: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, EtlKeys.lease(this.prefix, cdrType, date), owner);
  }

  /** Owner of the live lease, if any. */
  async holder(cdrType: CdrType, date: string): Promise<string | undefined> {
    return (await this.redis.get(EtlKeys.lease(this.prefix, cdrType, date))) ?? undefined;
  }
}
