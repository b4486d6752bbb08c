-- reference-counts-unmoving: per zone, the subscribers seen in that zone only during the unique-locations period
-- (query-kinds.md §6.1 unmoving_counts, unredacted; FlowKit's Unmoving + UnmovingCounts).
-- Bindings: :locations: (identifier, unique locations: subscriber, <loc>); :loc: (location columns).
-- Returns: <loc>, value.
WITH seen AS (SELECT DISTINCT subscriber, :loc: FROM :locations:)
SELECT :loc:, count(*) AS value
FROM seen
WHERE subscriber IN (SELECT subscriber FROM seen GROUP BY subscriber HAVING count(*) = 1)
GROUP BY :loc:
