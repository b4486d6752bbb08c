-- QA check count_null_durations (spec/flowdb.md §6): rows with a NULL duration.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT count(*)::text AS outcome
FROM :partition:
WHERE duration IS NULL;
