-- QA check count_location_ids (spec/flowdb.md §6): distinct location_id values.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT count(DISTINCT location_id)::text AS outcome
FROM :partition:;
