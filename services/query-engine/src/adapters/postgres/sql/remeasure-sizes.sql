-- remeasure-sizes: the background shrinker re-measures the size of every cache table (flowdb.md §8.2); only rows
-- whose size changed are written, and the cache.cached trigger moves cache.cache_usage by the difference. A table
-- that vanished keeps its recorded size (the janitor or an eviction removes the row).
-- Returns: query_id, size_bytes (the new size) of the rows that changed.
WITH measured AS (
  SELECT c.query_id, pg_total_relation_size(r.rel) AS size_bytes
  FROM cache.cached AS c
  CROSS JOIN LATERAL (SELECT to_regclass(quote_ident(c.schema) || '.' || quote_ident(c.tablename)) AS rel) AS r
  WHERE r.rel IS NOT NULL
)
UPDATE cache.cached AS c
SET size_bytes = m.size_bytes
FROM measured AS m
WHERE c.query_id = m.query_id AND c.size_bytes IS DISTINCT FROM m.size_bytes
RETURNING c.query_id, c.size_bytes
