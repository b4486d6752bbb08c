-- reference-counts-active: per reference zone, the subscribers whose reference location it is and who were also
-- seen there in the unique-locations period (query-kinds.md §6.1 active_at_reference_location_counts, unredacted;
-- FlowKit's ActiveAtReferenceLocationCounts). Zones where no resident was active count 0. Subscribers without a
-- reference zone (NULL location) are left out.
-- Bindings: :reference: (identifier, per-subscriber reference locations: subscriber, <loc>); :locations:
--   (identifier, unique locations: subscriber, <loc>); :loc: (location columns).
-- Returns: <loc>, value.
SELECT :loc:, count(seen.subscriber) AS value
FROM (SELECT DISTINCT subscriber, :loc: FROM :reference: WHERE ROW(:loc:) IS NOT NULL) AS ref
LEFT JOIN (SELECT DISTINCT subscriber, :loc: FROM :locations:) AS seen USING (subscriber, :loc:)
GROUP BY :loc:
