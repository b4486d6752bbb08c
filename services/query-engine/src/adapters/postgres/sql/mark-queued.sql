-- mark-queued: event `queue` (known -> queued) by the engine for a dependency node it is about to run.
-- Bindings: :queryId, :now (timestamptz text), :actor.
-- Returns: the row when this caller won the compare-and-set, else nothing.
WITH moved AS (
  UPDATE cache.queries AS q
  SET state = 'queued', updated_at = CAST(:now AS timestamptz)
  WHERE q.query_id = :queryId AND q.state = 'known'
  RETURNING q.query_id
)
SELECT m.query_id, cache.record_transition(m.query_id, 'queue', 'known', 'queued', :actor) IS NULL AS recorded
FROM moved AS m
