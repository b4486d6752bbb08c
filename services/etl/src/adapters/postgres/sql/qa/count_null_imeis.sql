-- QA check count_null_imeis (spec/flowdb.md §6): rows with a NULL imei.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT count(*)::text AS outcome
FROM :partition:
WHERE imei IS NULL;
