-- QA check count_imeis (spec/flowdb.md §6): distinct imei values.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT count(DISTINCT imei)::text AS outcome
FROM :partition:;
