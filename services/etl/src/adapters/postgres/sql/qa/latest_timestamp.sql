-- QA check latest_timestamp (spec/flowdb.md §6): max(datetime) in Postgres text form.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT max(datetime)::text AS outcome
FROM :partition:;
