/** Query states (spec/query-kinds.md §8). `awol` is not a state: it is what an unknown id reports. */
export const QueryState = {
  known: 'known',
  queued: 'queued',
  executing: 'executing',
  completed: 'completed',
  errored: 'errored',
  cancelled: 'cancelled',
  resetting: 'resetting',
} as const;
export type QueryState = (typeof QueryState)[keyof typeof QueryState];

/** Used in messages `Query with id '<id>' <description>.` */
export const QUERY_STATE_DESCRIPTION: Record<QueryState, string> = {
  known: 'is known, but has not yet been run',
  queued: 'is queued',
  executing: 'is currently running',
  completed: 'is ready',
  errored: 'finished with an error',
  cancelled: 'was cancelled',
  resetting: 'is being reset',
};

/** BullMQ queue through which api hands runs to the query engine. Job id = query id, job data = `{ queryId }`. */
export const QUERY_QUEUE_NAME = 'flowdeck-queries';
