-- mark-executing: event `execute` (queued -> executing): the caller takes the lease and counts an attempt
-- (query-kinds.md §8). Only the winner of this compare-and-set runs the SQL.
-- Bindings: :queryId, :owner (lease owner), :leaseExpiresAt, :now (timestamptz text), :ingestEpoch (bigint: max
--   etl.etl_records.id when the run starts, flowdb.md §8.4).
-- Returns: query_id, attempts when this caller won, else nothing.
WITH moved AS (
  UPDATE cache.queries AS q
  SET state = 'executing',
      lease_owner = :owner,
      lease_expires_at = CAST(:leaseExpiresAt AS timestamptz),
      attempts = q.attempts + 1,
      cancel_requested_at = NULL,
      message = NULL,
      ingest_epoch = CAST(:ingestEpoch AS bigint),
      started_at = CAST(:now AS timestamptz),
      updated_at = CAST(:now AS timestamptz)
  WHERE q.query_id = :queryId AND q.state = 'queued'
  RETURNING q.query_id, q.attempts
)
SELECT m.query_id, m.attempts, cache.record_transition(m.query_id, 'execute', 'queued', 'executing', :owner) IS NULL AS recorded
FROM moved AS m
