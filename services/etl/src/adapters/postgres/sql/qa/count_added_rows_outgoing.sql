-- QA check count_added_rows_outgoing (spec/flowdb.md §6): rows with outgoing = true.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT count(*)::text AS outcome
FROM :partition:
WHERE outgoing;
