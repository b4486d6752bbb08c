-- record-dependencies: the cache.dependencies rows of a node (its direct children that are cached).
-- Bindings: :queryId, :dependsOn (text[]).
INSERT INTO cache.dependencies (query_id, depends_on)
SELECT :queryId, d.depends_on
FROM unnest(CAST(:dependsOn AS text[])) AS d (depends_on)
ON CONFLICT DO NOTHING
