-- cache-usage: bytes used by cache tables (sum of cache.cached.size_bytes) and the budget settings of
-- cache.cache_config (NULL when unset).
-- Returns: used_bytes (text), cache_size (text), cache_protected_period (text).
SELECT
  CAST(coalesce((SELECT sum(c.size_bytes) FROM cache.cached AS c), 0) AS text) AS used_bytes,
  (SELECT k.value FROM cache.cache_config AS k WHERE k.key = 'cache_size') AS cache_size,
  (SELECT k.value FROM cache.cache_config AS k WHERE k.key = 'cache_protected_period') AS cache_protected_period
