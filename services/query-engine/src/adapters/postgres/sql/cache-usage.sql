-- cache-usage: bytes used by cache tables, read from the incrementally kept cache.cache_usage row (flowdb.md §8.2,
-- migration 0008: a trigger on cache.cached keeps it in step), and the budget settings of cache.cache_config
-- (NULL when unset).
-- Returns: used_bytes (text), entries (text), cache_size (text), cache_protected_period (text).
SELECT
  CAST(coalesce((SELECT u.used_bytes FROM cache.cache_usage AS u), 0) AS text) AS used_bytes,
  CAST(coalesce((SELECT u.entries FROM cache.cache_usage AS u), 0) AS text) AS entries,
  (SELECT k.value FROM cache.cache_config AS k WHERE k.key = 'cache_size') AS cache_size,
  (SELECT k.value FROM cache.cache_config AS k WHERE k.key = 'cache_protected_period') AS cache_protected_period
