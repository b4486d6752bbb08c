-- modal-location: per subscriber the location of most of its daily locations (query-kinds.md §6.2); ties go to the
-- location of the latest day, then to the smallest location.
-- Bindings: :daily (fragment: subscriber, <loc>, day — the union of the daily_location tables); :loc: (columns).
-- Returns: subscriber, <loc>.
SELECT DISTINCT ON (per_location.subscriber)
  per_location.subscriber,
  :loc:
FROM (
  SELECT daily.subscriber, :loc:, count(*) AS days, max(daily.day) AS latest
  FROM (:daily) AS daily
  GROUP BY daily.subscriber, :loc:
) AS per_location
ORDER BY per_location.subscriber, per_location.days DESC, per_location.latest DESC, :loc:
