-- Incremental cache size (spec/flowdb.md §8.2: "the sum is kept incrementally, not recomputed by scanning").
-- cache.cache_usage holds one row with the sum of cache.cached.size_bytes; a trigger on cache.cached adjusts it in
-- the same transaction as every INSERT, DELETE and change of size_bytes, so readers (the evictor, /metrics, the
-- `flowdeck cache` CLI) read one row instead of summing the table. Writers serialise on that row until they commit;
-- the engine takes advisory lock `cache-evict` before writing a node's row so that lock order is always
-- `cache-evict` then the usage row.

CREATE TABLE cache.cache_usage (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  used_bytes bigint NOT NULL DEFAULT 0,
  entries bigint NOT NULL DEFAULT 0
);

INSERT INTO cache.cache_usage (id, used_bytes, entries)
SELECT true, coalesce(sum(c.size_bytes), 0), count(*)
FROM cache.cached AS c;

CREATE FUNCTION cache.track_cache_usage() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE cache.cache_usage SET used_bytes = used_bytes + coalesce(NEW.size_bytes, 0), entries = entries + 1;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE cache.cache_usage SET used_bytes = used_bytes - coalesce(OLD.size_bytes, 0), entries = entries - 1;
  ELSIF coalesce(NEW.size_bytes, 0) IS DISTINCT FROM coalesce(OLD.size_bytes, 0) THEN
    UPDATE cache.cache_usage
    SET used_bytes = used_bytes + coalesce(NEW.size_bytes, 0) - coalesce(OLD.size_bytes, 0);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER cached_usage
AFTER INSERT OR DELETE OR UPDATE OF size_bytes ON cache.cached
FOR EACH ROW EXECUTE FUNCTION cache.track_cache_usage();

ALTER TABLE cache.cache_usage OWNER TO flowdeck_engine;
ALTER FUNCTION cache.track_cache_usage() OWNER TO flowdeck_engine;
GRANT SELECT, UPDATE ON cache.cache_usage TO flowdeck_engine;
