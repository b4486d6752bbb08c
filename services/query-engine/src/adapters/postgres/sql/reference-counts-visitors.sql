-- reference-counts-visitors: per zone, distinct subscribers seen there minus the residents active there
-- (query-kinds.md §6.1 unique_visitor_counts, unredacted; FlowKit's UniqueVisitorCounts), keeping both terms for
-- redaction. Zones missing from either input are left out.
-- Bindings: :unique: (identifier, unredacted unique_subscriber_counts: <loc>, value); :active: (identifier,
--   unredacted active_at_reference_location_counts: <loc>, value); :loc: (location columns).
-- Returns: <loc>, value, unique_subscribers, active_at_reference.
SELECT :loc:, us.value - ref.value AS value, us.value AS unique_subscribers, ref.value AS active_at_reference
FROM :unique: AS us
JOIN :active: AS ref USING (:loc:)
