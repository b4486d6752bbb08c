-- grant-exposed: lets the api role read an exposed (top-level, redacted) result table (flowdb.md §1).
-- Bindings: :table: (identifier cache.x<id>).
GRANT SELECT ON :table: TO flowdeck_api
