-- QA check count_null_counterparts (spec/flowdb.md §6): rows with a NULL msisdn_counterpart.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT count(*)::text AS outcome
FROM :partition:
WHERE msisdn_counterpart IS NULL;
