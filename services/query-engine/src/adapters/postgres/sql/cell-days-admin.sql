-- cell-days-admin: for every UTC day of a window and every cell in service that day, the admin zone of the cell
-- version in service (highest version on ties, flowdb.md §4), from geography.cell_admin.
-- Bindings: :start, :end (timestamptz text); :pcodColumn: (identifier, admin<n>pcod of geography.cell_admin).
-- Returns: day, location_id, pcod, located (false when the cell lies outside every zone).
SELECT DISTINCT ON (d.day, c.id)
  d.day,
  c.id AS location_id,
  ca.:pcodColumn: AS pcod,
  ca.:pcodColumn: IS NOT NULL AS located
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
LEFT JOIN geography.cell_admin AS ca
  ON ca.location_id = c.id AND ca.version = c.version
ORDER BY d.day, c.id, c.version DESC
