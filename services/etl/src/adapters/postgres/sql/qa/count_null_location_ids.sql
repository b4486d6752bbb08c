-- QA check count_null_location_ids (spec/flowdb.md §6): rows with a NULL location_id.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT count(*)::text AS outcome
FROM :partition:
WHERE location_id IS NULL;
