-- QA check count_added_rows (spec/flowdb.md §6): rows in the partition.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT count(*)::text AS outcome
FROM :partition:;
