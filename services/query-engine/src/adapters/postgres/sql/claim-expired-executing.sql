-- claim-expired-executing: executing rows whose lease expired (their worker died or stalled), locked for this
-- janitor pass; rows another replica's janitor holds are skipped (query-kinds.md §8).
-- Bindings: :now (timestamptz text), :limit.
-- Returns: query_id, attempts, top_level.
SELECT q.query_id, q.attempts, q.top_level
FROM cache.queries AS q
WHERE q.state = 'executing'
  AND q.lease_expires_at < CAST(:now AS timestamptz)
ORDER BY q.lease_expires_at
LIMIT :limit
FOR UPDATE SKIP LOCKED
