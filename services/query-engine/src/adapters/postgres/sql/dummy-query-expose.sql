-- dummy-query-expose: the exposed dummy_query result: the (empty, column-less) unredacted table as it is.
-- Bindings: :source: (identifier).
SELECT * FROM :source:
