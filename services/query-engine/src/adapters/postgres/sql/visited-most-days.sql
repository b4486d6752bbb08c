-- visited-most-days: per subscriber the location seen on the most distinct UTC days (query-kinds.md §6.2); ties
-- go to more events, then to the latest event, then to the smallest location.
-- Bindings: :located (fragment `located-events-*`); :loc: (location columns).
-- Returns: subscriber, <loc>.
SELECT DISTINCT ON (per_location.subscriber)
  per_location.subscriber,
  :loc:
FROM (
  SELECT
    located.subscriber,
    :loc:,
    count(DISTINCT CAST(located.datetime AT TIME ZONE 'UTC' AS date)) AS days,
    count(*) AS events,
    max(located.datetime) AS latest
  FROM (:located) AS located
  GROUP BY located.subscriber, :loc:
) AS per_location
ORDER BY per_location.subscriber, per_location.days DESC, per_location.events DESC, per_location.latest DESC, :loc:
