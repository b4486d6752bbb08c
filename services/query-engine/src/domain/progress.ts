/** `{eligible, queued, running}` of a run (FlowKit's query_progress). */
export interface Progress {
  eligible: number;
  queued: number;
  running: number;
}

/**
 * Progress of a run (query-kinds.md §8): `eligible` = cacheable nodes not yet completed (the query itself
 * included); one of them is being computed (`running`), the others wait their turn in this run (`queued`).
 */
export function runProgress(states: ReadonlyMap<string, string>, cacheableIds: readonly string[]): Progress {
  const eligible = cacheableIds.filter((id) => states.get(id) !== 'completed').length;
  const running = eligible > 0 ? 1 : 0;
  return { eligible, queued: eligible - running, running };
}
