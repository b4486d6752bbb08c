-- QA check median_duration (spec/flowdb.md §6): median of duration (continuous percentile).
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY duration)::text AS outcome
FROM :partition:;
