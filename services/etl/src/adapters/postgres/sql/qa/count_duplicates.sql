-- QA check count_duplicates (spec/flowdb.md §6): surplus copies: rows minus distinct rows.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT (
  (SELECT count(*) FROM :partition:)
  - (SELECT count(*) FROM (SELECT DISTINCT t.* FROM :partition: AS t) AS d)
)::text AS outcome;
