-- mark-completed: event `finish` (executing -> completed) by the lease owner; clears the lease and progress.
-- Bindings: :queryId, :owner, :now (timestamptz text).
-- Returns: the row when this caller won, else nothing (the lease was lost or the query was cancelled).
WITH moved AS (
  UPDATE cache.queries AS q
  SET state = 'completed',
      message = NULL,
      lease_owner = NULL,
      lease_expires_at = NULL,
      cancel_requested_at = NULL,
      progress_eligible = 0,
      progress_queued = 0,
      progress_running = 0,
      finished_at = CAST(:now AS timestamptz),
      updated_at = CAST(:now AS timestamptz)
  WHERE q.query_id = :queryId AND q.state = 'executing' AND q.lease_owner = :owner
  RETURNING q.query_id
)
SELECT m.query_id, cache.record_transition(m.query_id, 'finish', 'executing', 'completed', :owner) IS NULL AS recorded
FROM moved AS m
