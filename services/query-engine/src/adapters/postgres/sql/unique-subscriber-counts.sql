-- unique-subscriber-counts: distinct subscribers with at least one locatable event in each zone during the period
-- (query-kinds.md §6.1 unique_subscriber_counts, unredacted).
-- Bindings: :located (fragment `located-events-*` over [start_date, end_date)); :loc: (location columns).
-- Returns: <loc>, value.
SELECT
  :loc:,
  count(DISTINCT located.subscriber) AS value
FROM (:located) AS located
GROUP BY :loc:
