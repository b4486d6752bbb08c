import type { CdrType } from './domain/cdr-types.js';

/**
 * Redis names of the ETL (STYLE.md §3), all under REDIS_KEY_PREFIX in ETL's own Redis (FLOWETL_REDIS_*): BullMQ builds
 * the ingest queue's keys under the prefix; the worker leases are the only keys ETL names itself.
 */
export const EtlKeys = {
  /** One job per (type, date) ingest request; job id `ingest-<type>-<YYYYMMDD>-<pending record id>`. */
  ingestQueue: 'flowdeck-etl-ingest',
  ingestJobName: 'ingest',
  /** Lease of the worker loading a day: `<prefix>:etl:lease:<type>:<YYYY-MM-DD>`, value = worker id, TTL = WORKER_KEEPALIVE_TIMEOUT. */
  lease: (prefix: string, cdrType: CdrType, date: string): string => `${prefix}:etl:lease:${cdrType}:${date}`,
} as const;

/** BullMQ job id of an ingest request (ids must not contain ':'). */
export function ingestJobId(cdrType: CdrType, date: string, pendingId: number): string {
  return `ingest-${cdrType}-${date.replace(/-/g, '')}-${pendingId}`;
}
