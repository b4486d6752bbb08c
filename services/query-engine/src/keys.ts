import { QUERY_QUEUE_NAME } from '@flowdeck/queries';

/**
 * Redis names of the engine (STYLE.md §3): BullMQ builds every key of the query queue under `prefix`
 * (REDIS_KEY_PREFIX); nothing else in the engine concatenates key strings.
 */
export const EngineKeys = {
  /** The queue through which the api hands runs to the engine (job id = query id, data `{queryId}`). */
  queryQueue: QUERY_QUEUE_NAME,
  /** Name given to jobs the engine itself enqueues (janitor re-dispatch, re-queue after a date change). */
  runJobName: 'run',
} as const;

/** BullMQ `prefix` option from the configured key prefix. */
export function bullPrefix(redisKeyPrefix: string): string {
  return redisKeyPrefix;
}
