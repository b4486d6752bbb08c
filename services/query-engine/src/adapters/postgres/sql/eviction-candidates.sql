-- eviction-candidates: cache entries that may be evicted, lowest score first, walking the score index
-- (flowdb.md §8.2). Not evictable: entries younger than the protected period, the ids in :keep (the entry just
-- written and the graph of the run writing it), entries a queued or executing query depends on, classes
-- Table/GeoTable, and entries whose row is not completed.
-- Bindings: :keep (text[]), :protectedBefore (timestamptz text: entries created after it are protected), :limit.
-- Returns: query_id, tablename, size_bytes, lock_key (bigint as text: the streaming lock of the entry).
SELECT
  c.query_id,
  c.tablename,
  c.size_bytes,
  CAST(CAST(CAST(('x' || substr(c.query_id, 1, 16)) AS bit(64)) AS bigint) AS text) AS lock_key
FROM cache.cached AS c
JOIN cache.queries AS q ON q.query_id = c.query_id AND q.state = 'completed'
WHERE c.created < CAST(:protectedBefore AS timestamptz)
  AND NOT (c.query_id = ANY (CAST(:keep AS text[])))
  AND coalesce(c.class, '') NOT IN ('Table', 'GeoTable')
  AND NOT EXISTS (
    SELECT 1
    FROM cache.dependencies AS d
    JOIN cache.queries AS busy ON busy.query_id = d.query_id AND busy.state IN ('queued', 'executing')
    WHERE d.depends_on = c.query_id
  )
ORDER BY c.score ASC NULLS FIRST
LIMIT :limit
