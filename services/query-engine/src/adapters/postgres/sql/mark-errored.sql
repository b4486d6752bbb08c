-- mark-errored: event `error` (executing -> errored, or queued -> errored) with a message safe to show users (no
-- SQL, no stack). An executing row is only errored by its lease owner, unless :owner is NULL (the janitor).
-- Bindings: :queryId, :from ('executing' or 'queued'), :owner (text or NULL), :message, :now, :actor.
-- Returns: the row when this caller won, else nothing.
WITH moved AS (
  UPDATE cache.queries AS q
  SET state = 'errored',
      message = :message,
      lease_owner = NULL,
      lease_expires_at = NULL,
      finished_at = CAST(:now AS timestamptz),
      updated_at = CAST(:now AS timestamptz)
  WHERE q.query_id = :queryId
    AND q.state = :from
    AND (CAST(:owner AS text) IS NULL OR q.lease_owner = :owner)
  RETURNING q.query_id
)
SELECT m.query_id, cache.record_transition(m.query_id, 'error', :from, 'errored', :actor) IS NULL AS recorded
FROM moved AS m
