-- located-events-lonlat: selected events with the point (lon, lat) of their cell. The cell of an event is the version of
-- infrastructure.cells whose service dates contain the event's UTC day (open ends allowed), highest version on
-- ties (flowdb.md §4); cells without a point (or no cell at all) make their events
-- unlocatable; they are dropped.
-- Bindings: :events (fragment `selected-events`); :start, :end (timestamptz text, the same window);
--   (no identifier bindings).
-- Returns: subscriber, datetime, lon, lat.
WITH cell_days AS (
  SELECT DISTINCT ON (d.day, c.id)
    d.day,
    c.id AS location_id,
    ST_X(c.geom_point) AS lon,
    ST_Y(c.geom_point) AS lat
  FROM (
    SELECT CAST(g AS date) AS day
    FROM generate_series(
      date_trunc('day', CAST(:start AS timestamptz) AT TIME ZONE 'UTC'),
      CAST(:end AS timestamptz) AT TIME ZONE 'UTC' - interval '1 microsecond',
      interval '1 day'
    ) AS g
  ) AS d
  JOIN infrastructure.cells AS c
    ON (c.date_of_first_service IS NULL OR c.date_of_first_service <= d.day)
    AND (c.date_of_last_service IS NULL OR d.day <= c.date_of_last_service)
  ORDER BY d.day, c.id, c.version DESC
)
SELECT
  e.subscriber,
  e.datetime,
  z.lon,
  z.lat
FROM (:events) AS e
JOIN cell_days AS z
  ON z.location_id = e.location_id
  AND z.day = CAST(e.datetime AT TIME ZONE 'UTC' AS date)
WHERE z.lon IS NOT NULL AND z.lat IS NOT NULL
