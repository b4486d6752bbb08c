-- reference-counts-unmoving-at-reference: per reference zone, the subscribers whose reference location it is and
-- who were seen in that zone only during the unique-locations period (query-kinds.md §6.1
-- unmoving_at_reference_location_counts, unredacted; FlowKit's UnmovingAtReferenceLocation + ...Counts).
-- Subscribers never seen in the period, or without a reference zone, are left out.
-- Bindings: :reference: (identifier, per-subscriber reference locations: subscriber, <loc>); :locations:
--   (identifier, unique locations: subscriber, <loc>); :loc: (location columns).
-- Returns: <loc>, value.
WITH seen AS (SELECT DISTINCT subscriber, :loc: FROM :locations:)
SELECT :loc:, count(*) AS value
FROM (SELECT DISTINCT subscriber, :loc: FROM :reference: WHERE ROW(:loc:) IS NOT NULL) AS ref
JOIN seen USING (subscriber, :loc:)
WHERE subscriber IN (SELECT subscriber FROM seen GROUP BY subscriber HAVING count(*) = 1)
GROUP BY :loc:
