-- location-event-counts: events per zone and time bucket (UTC date; hour for `hour`/`min`; minute for `min`),
-- with the bucket's distinct subscribers as redaction_count (query-kinds.md §6.1).
-- Bindings: :located (fragment `located-rows` over `selected-events-detail`); :locSel: (located.<loc>);
--   :loc: (result columns); :interval (text: day, hour, min).
-- Returns: <loc>, date, hour, min, value, redaction_count (hour/min NULL when the interval is coarser).
SELECT :loc:, bucket.date, bucket.hour, bucket.min, count(*) AS value, count(DISTINCT bucket.subscriber) AS redaction_count
FROM (
  SELECT
    located.subscriber,
    :locSel:,
    CAST(located.datetime AT TIME ZONE 'UTC' AS date) AS date,
    CASE WHEN CAST(:interval AS text) IN ('hour', 'min')
      THEN CAST(extract(hour FROM located.datetime AT TIME ZONE 'UTC') AS integer) END AS hour,
    CASE WHEN CAST(:interval AS text) = 'min'
      THEN CAST(extract(minute FROM located.datetime AT TIME ZONE 'UTC') AS integer) END AS min
  FROM (:located) AS located
) AS bucket
GROUP BY :loc:, bucket.date, bucket.hour, bucket.min
