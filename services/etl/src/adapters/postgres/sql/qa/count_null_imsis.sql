-- QA check count_null_imsis (spec/flowdb.md §6): rows with a NULL imsi.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT count(*)::text AS outcome
FROM :partition:
WHERE imsi IS NULL;
