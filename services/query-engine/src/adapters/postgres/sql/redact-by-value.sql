-- redact-by-value: the exposed result of an unredacted table, keeping rows whose `value` exceeds the redaction
-- threshold (query-kinds.md §7: rows with value <= T are dropped), ordered by the location columns.
-- Bindings: :source: (identifier, unredacted table); :threshold (integer T); :orderBy: (columns to order by).
-- Returns: every column of the source.
SELECT *
FROM :source:
WHERE value > :threshold
ORDER BY :orderBy:
