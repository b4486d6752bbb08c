-- cell-days-lonlat: for every UTC day of a window and every cell in service that day, the point of the cell
-- version in service (highest version on ties, flowdb.md §4).
-- Bindings: :start, :end (timestamptz text).
-- Returns: day, location_id, lon, lat, located (false when the cell has no point).
SELECT DISTINCT ON (d.day, c.id)
  d.day,
  c.id AS location_id,
  ST_X(c.geom_point) AS lon,
  ST_Y(c.geom_point) AS lat,
  c.geom_point IS NOT NULL AS located
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
