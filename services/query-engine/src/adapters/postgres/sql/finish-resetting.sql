-- finish-resetting: event `finish_resetting` (resetting -> known); clears the run bookkeeping. The caller must
-- already have dropped the table and deleted the cache.cached row.
-- Bindings: :queryId, :now, :actor.
-- Returns: query_id, requeue_after_reset (register_query asked for a run while the reset was going on), top_level.
WITH moved AS (
  UPDATE cache.queries AS q
  SET state = 'known',
      message = NULL,
      attempts = 0,
      lease_owner = NULL,
      lease_expires_at = NULL,
      cancel_requested_at = NULL,
      requeue_after_reset = false,
      progress_eligible = NULL,
      progress_queued = NULL,
      progress_running = NULL,
      started_at = NULL,
      finished_at = NULL,
      updated_at = CAST(:now AS timestamptz)
  FROM (
    SELECT x.query_id, x.requeue_after_reset
    FROM cache.queries AS x
    WHERE x.query_id = :queryId AND x.state = 'resetting'
    FOR UPDATE
  ) AS before
  WHERE q.query_id = before.query_id
  RETURNING q.query_id, before.requeue_after_reset, q.top_level
)
SELECT m.query_id, m.requeue_after_reset, m.top_level,
  cache.record_transition(m.query_id, 'finish_resetting', 'resetting', 'known', :actor) IS NULL AS recorded
FROM moved AS m
