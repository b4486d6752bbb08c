-- cell-days-mapped: for every UTC day of a window and every cell id in service that day, its locations in a mapped
-- spatial unit (FlowKit maps by cell id, whatever the version).
-- Bindings: :start, :end (timestamptz text); :spatialUnit (fragment `spatial-unit-mapped-*`); :loc: (identifiers,
--   the location columns qualified by su).
-- Returns: day, location_id, <loc>, located.
SELECT
  cs.day,
  cs.location_id,
  :loc:,
  su.located
FROM (
  SELECT DISTINCT
    d.day,
    c.id AS location_id
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
) AS cs
JOIN (:spatialUnit) AS su
  ON su.location_id = cs.location_id
