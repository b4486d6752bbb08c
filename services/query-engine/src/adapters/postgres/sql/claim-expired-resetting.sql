-- claim-expired-resetting: resetting rows nobody holds (lease expired, or never leased, e.g. moved by
-- cache.invalidate_dates), locked for this janitor pass, which finishes their reset (flowdb.md §8.4).
-- Bindings: :now (timestamptz text), :limit.
-- Returns: query_id.
SELECT q.query_id
FROM cache.queries AS q
WHERE q.state = 'resetting'
  AND (q.lease_expires_at IS NULL OR q.lease_expires_at < CAST(:now AS timestamptz))
ORDER BY q.updated_at
LIMIT :limit
FOR UPDATE SKIP LOCKED
