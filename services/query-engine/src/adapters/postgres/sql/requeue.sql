-- requeue: event `requeue` (executing -> queued, **Flowdeck**): by the janitor when the lease expired (the attempt
-- stays counted), or by the lease owner when the node's source dates changed during the run (not counted).
-- Bindings: :queryId, :owner (lease owner, or NULL for the janitor), :uncountAttempt (boolean), :now, :actor.
-- Returns: the row when this caller won, else nothing.
WITH moved AS (
  UPDATE cache.queries AS q
  SET state = 'queued',
      lease_owner = NULL,
      lease_expires_at = NULL,
      attempts = CASE WHEN :uncountAttempt THEN greatest(q.attempts - 1, 0) ELSE q.attempts END,
      updated_at = CAST(:now AS timestamptz)
  WHERE q.query_id = :queryId
    AND q.state = 'executing'
    AND (CAST(:owner AS text) IS NULL OR q.lease_owner = :owner)
  RETURNING q.query_id
)
SELECT m.query_id, cache.record_transition(m.query_id, 'requeue', 'executing', 'queued', :actor) IS NULL AS recorded
FROM moved AS m
