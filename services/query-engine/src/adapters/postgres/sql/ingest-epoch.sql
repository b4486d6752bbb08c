-- ingest-epoch: the current ingest epoch, max etl.etl_records.id (flowdb.md §8.4); 0 when nothing was ingested.
-- Returns: epoch (bigint as text).
SELECT CAST(coalesce(max(r.id), 0) AS text) AS epoch
FROM etl.etl_records AS r
