-- create-table-as: materialises a node's result as its cache table.
-- Bindings: :table: (identifier, cache.x<id> or pg_temp.x<id>); :select (fragment, the node's SQL).
CREATE TABLE :table: AS
:select
