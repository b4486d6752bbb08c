-- record-date-dependencies: the cache.date_dependencies rows of a node (query-kinds.md §9).
-- Bindings: :queryId, :cdrTypes (text[]), :cdrDates (text[] of YYYY-MM-DD), the two arrays pairwise.
INSERT INTO cache.date_dependencies (query_id, cdr_type, cdr_date)
SELECT :queryId, d.cdr_type, d.cdr_date
FROM unnest(CAST(:cdrTypes AS text[]), CAST(:cdrDates AS date[])) AS d (cdr_type, cdr_date)
ON CONFLICT DO NOTHING
