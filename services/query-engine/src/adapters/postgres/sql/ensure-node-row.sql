-- ensure-node-row: creates the cache.queries row of an internal dependency node as `known` if it does not exist
-- (query-kinds.md §8; internal rows have top_level = false) and records the `create` transition.
-- Bindings: :queryId, :queryKind (node type), :canonical (jsonb text, the node's spec), :aggregationUnit, :actor.
-- Returns: one row per inserted query (none when it already existed).
WITH inserted AS (
  INSERT INTO cache.queries (query_id, query_kind, params, canonical, aggregation_unit, top_level, state)
  VALUES (:queryId, :queryKind, CAST(:canonical AS jsonb), CAST(:canonical AS jsonb), :aggregationUnit, false, 'known')
  ON CONFLICT (query_id) DO NOTHING
  RETURNING query_id
)
SELECT i.query_id, cache.record_transition(i.query_id, 'create', NULL, 'known', :actor) IS NULL AS recorded
FROM inserted AS i
