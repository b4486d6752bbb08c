-- daily-location-most-common: one location per subscriber, the location of most of the subscriber's locatable
-- events (query-kinds.md §6.2, method `most-common`; also most_frequent_location). Ties go to the location of
-- the latest event, then to the smallest location for determinism.
-- Bindings: :located (fragment `located-events-*`); :loc: (location columns).
-- Returns: subscriber, <loc>.
SELECT DISTINCT ON (per_location.subscriber)
  per_location.subscriber,
  :loc:
FROM (
  SELECT
    located.subscriber,
    :loc:,
    count(*) AS events,
    max(located.datetime) AS latest
  FROM (:located) AS located
  GROUP BY located.subscriber, :loc:
) AS per_location
ORDER BY per_location.subscriber, per_location.events DESC, per_location.latest DESC, :loc:
