-- Tier 2 spec options (spec/query-kinds.md §1). `subscriber_subset` names a completed per-subscriber query; the
-- engine reads its subscribers through cache.subset_subscribers, which checks the id first so that a bad subset ends
-- the query with a clear message (SQLSTATE class FD, raised only here) instead of a missing-relation error. The
-- function runs with the caller's rights (the engine owns every cache table) and builds the table name with %I from
-- an id it has checked against the query-id format. Mapping and geometry tables need no grant: they live in
-- schema geography, which the engine already reads (0007, default privileges).

CREATE FUNCTION cache.subset_subscribers(subset_id text) RETURNS TABLE (subscriber text)
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  tbl regclass;
BEGIN
  IF subset_id IS NULL OR subset_id !~ '^[0-9a-f]{32}$' THEN
    RAISE EXCEPTION USING ERRCODE = 'FD001', MESSAGE = 'Subscriber subset must be a query id.';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM cache.queries AS q WHERE q.query_id = subset_id AND q.state = 'completed') THEN
    RAISE EXCEPTION USING ERRCODE = 'FD001',
      MESSAGE = format('Subscriber subset %s is not a completed query.', subset_id);
  END IF;
  tbl := to_regclass(format('cache.%I', 'x' || subset_id));
  IF tbl IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'FD001',
      MESSAGE = format('Subscriber subset %s is not a completed query.', subset_id);
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM pg_attribute AS a WHERE a.attrelid = tbl AND a.attname = 'subscriber' AND NOT a.attisdropped
  ) THEN
    RAISE EXCEPTION USING ERRCODE = 'FD001',
      MESSAGE = format('Subscriber subset %s has no subscriber column: use the id of a per-subscriber query.', subset_id);
  END IF;
  RETURN QUERY EXECUTE format('SELECT DISTINCT CAST(s.subscriber AS text) FROM %s AS s', tbl);
END
$$;

ALTER FUNCTION cache.subset_subscribers(text) OWNER TO flowdeck_engine;
REVOKE EXECUTE ON FUNCTION cache.subset_subscribers(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cache.subset_subscribers(text) TO flowdeck_engine;
