-- spatial-aggregate: distinct subscribers per zone of a per-subscriber location table (unredacted).
-- Bindings: :source: (identifier, table with subscriber, <loc>); :loc: (location columns).
-- Returns: <loc>, value.
SELECT
  :loc:,
  count(DISTINCT subscriber) AS value
FROM :source:
GROUP BY :loc:
