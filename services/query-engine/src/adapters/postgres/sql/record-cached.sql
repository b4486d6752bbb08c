-- record-cached: the cache.cached row of a freshly written node table (flowdb.md §7), its size measured with its
-- indexes (pg_total_relation_size) right after the build; the first touch (score) is applied by cache.touch.
-- Bindings: :queryId, :version, :query (the SQL text), :computeTimeMs, :class (node type), :tablename (x<id>),
--   :qualifiedName (cache.x<id>), :spec (jsonb text), :exposed (boolean), :ingestEpoch (bigint text), :now.
-- Returns: size_bytes.
INSERT INTO cache.cached (
  query_id, version, query, created, access_count, compute_time, class, schema, tablename, obj, spec,
  size_bytes, exposed, ingest_epoch
)
VALUES (
  :queryId, :version, :query, CAST(:now AS timestamptz), 0, :computeTimeMs, :class, 'cache', :tablename, NULL,
  CAST(:spec AS jsonb), pg_total_relation_size(CAST(:qualifiedName AS regclass)), :exposed,
  CAST(:ingestEpoch AS bigint)
)
RETURNING size_bytes
