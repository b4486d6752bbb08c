-- Finished ingest attempts (spec/flowdb.md §5) since :since, oldest first: every final row (ingested, failed,
-- quarantined) of etl.etl_records together with the seconds since the `ingesting` row right before it for the same
-- (cdr_type, cdr_date). The transition trigger makes that row the attempt's start: `ingesting` is only ever
-- followed by a final state. Used by the monitor's throughput chart and by the ingest metrics.
SELECT
  a.cdr_type,
  a.cdr_date::text AS cdr_date,
  a.state,
  a.finished_at,
  a.seconds,
  a.row_count
FROM (
  SELECT
    r.cdr_type,
    r.cdr_date,
    r.state,
    r."timestamp" AS finished_at,
    r.row_count,
    lag(r.state) OVER w AS previous_state,
    extract(epoch FROM r."timestamp" - lag(r."timestamp") OVER w)::float8 AS seconds
  FROM etl.etl_records AS r
  WINDOW w AS (PARTITION BY r.cdr_type, r.cdr_date ORDER BY r.id)
) AS a
WHERE a.state IN ('ingested', 'failed', 'quarantined')
  AND a.previous_state = 'ingesting'
  AND a.finished_at >= :since
ORDER BY a.finished_at, a.cdr_type, a.cdr_date
