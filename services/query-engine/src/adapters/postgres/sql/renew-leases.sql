-- renew-leases: the lease keeper's heartbeat: pushes lease_expires_at of the owner's executing and resetting rows.
-- Bindings: :queryIds (text[]), :owner, :leaseExpiresAt, :now.
-- Returns: query_id, state, cancel_requested (whether the api asked to cancel) for every row still held; ids
--   missing from the answer were lost (requeued by the janitor or otherwise moved on).
UPDATE cache.queries AS q
SET lease_expires_at = CAST(:leaseExpiresAt AS timestamptz),
    updated_at = CAST(:now AS timestamptz)
WHERE q.query_id = ANY (CAST(:queryIds AS text[]))
  AND q.lease_owner = :owner
  AND q.state IN ('executing', 'resetting')
RETURNING q.query_id, q.state, q.cancel_requested_at IS NOT NULL AS cancel_requested
