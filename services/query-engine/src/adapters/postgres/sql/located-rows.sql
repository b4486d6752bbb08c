-- located-rows: every column of an events fragment plus the location of the event's cell on the event's UTC day;
-- events whose cell has no location (or no cell) are dropped.
-- Bindings: :events (fragment with location_id, datetime); :cellDays (fragment `cell-days-*`);
--   :loc: (identifiers, the location columns qualified by z: z.pcod or z.lon, z.lat).
-- Returns: the events' columns, <loc>.
SELECT
  e.*,
  :loc:
FROM (:events) AS e
JOIN (:cellDays) AS z
  ON z.location_id = e.location_id
  AND z.day = CAST(e.datetime AT TIME ZONE 'UTC' AS date)
WHERE z.located
