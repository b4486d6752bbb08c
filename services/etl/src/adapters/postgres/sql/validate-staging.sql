-- Content checks of a loaded staging table before it may become a partition: rows, rows whose datetime lies
-- outside [:from, :to), rows without msisdn, and the earliest/latest datetime (ISO text, UTC).
-- :staging: staging table identifier; :from, :to the day's bounds (timestamptz text).
-- Returns one row: total, outside, null_msisdns, earliest, latest.
SELECT
  count(*) AS total,
  count(*) FILTER (WHERE datetime < :from::timestamptz OR datetime >= :to::timestamptz) AS outside,
  count(*) FILTER (WHERE msisdn IS NULL) AS null_msisdns,
  to_char(min(datetime) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS earliest,
  to_char(max(datetime) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS latest
FROM :staging:;
