-- located-events-mapped: selected events with their location in a mapped spatial unit (Tier 2 mapping_table);
-- events whose cell has no mapped location are unlocatable and dropped.
-- Bindings: :events (fragment `selected-events`, possibly subset); :cellDays (fragment `cell-days-mapped`);
--   :loc: (identifiers, the location columns qualified by z).
-- Returns: subscriber, datetime, <loc>.
SELECT
  e.subscriber,
  e.datetime,
  :loc:
FROM (:events) AS e
JOIN (:cellDays) AS z
  ON z.location_id = e.location_id
  AND z.day = CAST(e.datetime AT TIME ZONE 'UTC' AS date)
WHERE z.located
