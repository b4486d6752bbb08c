-- mark-cancelled: event `cancel` (executing -> cancelled) after the engine cancelled the running statement.
-- Bindings: :queryId, :owner (lease owner), :now (timestamptz text).
-- Returns: the row when this caller won, else nothing.
WITH moved AS (
  UPDATE cache.queries AS q
  SET state = 'cancelled',
      lease_owner = NULL,
      lease_expires_at = NULL,
      finished_at = CAST(:now AS timestamptz),
      updated_at = CAST(:now AS timestamptz)
  WHERE q.query_id = :queryId AND q.state = 'executing' AND q.lease_owner = :owner
  RETURNING q.query_id
)
SELECT m.query_id, cache.record_transition(m.query_id, 'cancel', 'executing', 'cancelled', :owner) IS NULL AS recorded
FROM moved AS m
