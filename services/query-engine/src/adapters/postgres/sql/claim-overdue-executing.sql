-- claim-overdue-executing: executing rows running longer than WORKER_MAX_RUN_DURATION_SECONDS +
-- RUN_GRACE_PERIOD_SECONDS (query-kinds.md §8), locked for this janitor pass.
-- Bindings: :startedBefore (timestamptz text), :limit.
-- Returns: query_id.
SELECT q.query_id
FROM cache.queries AS q
WHERE q.state = 'executing'
  AND q.started_at < CAST(:startedBefore AS timestamptz)
ORDER BY q.started_at
LIMIT :limit
FOR UPDATE SKIP LOCKED
