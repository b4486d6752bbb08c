-- QA check max_duration (spec/flowdb.md §6): max(duration).
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT max(duration)::text AS outcome
FROM :partition:;
