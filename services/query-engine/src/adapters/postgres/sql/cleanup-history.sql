-- cleanup-history: the cleanup job (deployment.md §3 CRON_CLEANUP / HISTORY_TIMEOUT) deletes terminal query records
-- (errored, cancelled, known) last changed before :before, with their state history. Never a row with a cache
-- table (cache.cached), never a row another cached entry or a live query still needs, never etl.etl_records.
-- Bindings: :before (timestamptz text), :limit.
-- Returns: query_id of every deleted record.
WITH doomed AS (
  SELECT q.query_id
  FROM cache.queries AS q
  WHERE q.state IN ('errored', 'cancelled', 'known')
    AND q.updated_at < CAST(:before AS timestamptz)
    AND NOT EXISTS (SELECT 1 FROM cache.cached AS c WHERE c.query_id = q.query_id)
  ORDER BY q.updated_at
  LIMIT :limit
  FOR UPDATE SKIP LOCKED
),
history AS (
  DELETE FROM cache.query_state_history AS h
  USING doomed AS d
  WHERE h.query_id = d.query_id
)
DELETE FROM cache.queries AS q
USING doomed AS d
WHERE q.query_id = d.query_id
RETURNING q.query_id
