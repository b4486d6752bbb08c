-- mark-resetting: event `reset` (completed, errored or cancelled -> resetting) with a lease, so that a reset whose
-- worker dies is finished by the janitor (query-kinds.md §8).
-- Bindings: :queryId, :from (the expected state), :owner, :leaseExpiresAt, :now, :actor.
-- Returns: the row when this caller won, else nothing.
WITH moved AS (
  UPDATE cache.queries AS q
  SET state = 'resetting',
      lease_owner = :owner,
      lease_expires_at = CAST(:leaseExpiresAt AS timestamptz),
      updated_at = CAST(:now AS timestamptz)
  WHERE q.query_id = :queryId AND q.state = :from
  RETURNING q.query_id
)
SELECT m.query_id, cache.record_transition(m.query_id, 'reset', :from, 'resetting', :actor) IS NULL AS recorded
FROM moved AS m
