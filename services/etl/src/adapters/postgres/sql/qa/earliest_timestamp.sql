-- QA check earliest_timestamp (spec/flowdb.md §6): min(datetime) in Postgres text form.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT min(datetime)::text AS outcome
FROM :partition:;
