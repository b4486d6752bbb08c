import { QUERY_QUEUE_NAME } from '@flowdeck/queries';

/**
 * Every Redis name the api uses (STYLE.md §1.3: one keys module per service). BullMQ builds its keys under
 * `<REDIS_KEY_PREFIX>:<queue>:...`; the query engine consumes the same queue under the same prefix.
 */
export function redisNames(prefix: string): { bullPrefix: string; queryQueue: string } {
  return { bullPrefix: prefix, queryQueue: QUERY_QUEUE_NAME };
}
