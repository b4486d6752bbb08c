-- drop-node-table: drops a node's cache table, if it exists (eviction, invalidation, reset).
-- Bindings: :table: (identifier cache.x<id>).
DROP TABLE IF EXISTS :table:
