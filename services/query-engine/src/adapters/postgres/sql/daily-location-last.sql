-- daily-location-last: one location per subscriber, the location of the subscriber's last locatable event
-- (query-kinds.md §6.2, method `last`). Ties on the timestamp are broken by location for determinism.
-- Bindings: :located (fragment `located-events-*` over the day); :loc: (location columns: pcod, or lon, lat).
-- Returns: subscriber, <loc>.
SELECT DISTINCT ON (located.subscriber)
  located.subscriber,
  :loc:
FROM (:located) AS located
ORDER BY located.subscriber, located.datetime DESC, :loc:
