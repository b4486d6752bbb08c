-- unique-location-counts: number of distinct locations of each subscriber in the period (query-kinds.md §6.3
-- unique_location_counts; FlowKit's UniqueLocationCounts). Unlocatable events are not locations.
-- Bindings: :located (fragment `located-events-*`); :loc: (location columns).
-- Returns: subscriber, value.
SELECT places.subscriber, count(*) AS value
FROM (SELECT DISTINCT located.subscriber, :loc: FROM (:located) AS located) AS places
GROUP BY places.subscriber
