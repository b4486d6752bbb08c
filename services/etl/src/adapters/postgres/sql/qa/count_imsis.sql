-- QA check count_imsis (spec/flowdb.md §6): distinct imsi values.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT count(DISTINCT imsi)::text AS outcome
FROM :partition:;
