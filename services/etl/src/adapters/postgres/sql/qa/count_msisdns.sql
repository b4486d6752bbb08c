-- QA check count_msisdns (spec/flowdb.md §6): distinct msisdn values.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT count(DISTINCT msisdn)::text AS outcome
FROM :partition:;
