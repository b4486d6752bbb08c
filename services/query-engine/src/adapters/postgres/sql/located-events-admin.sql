-- located-events-admin: selected events with the admin zone of their cell. The cell of an event is the version of
-- infrastructure.cells whose service dates contain the event's UTC day (open ends allowed), highest version on
-- ties (flowdb.md §4); its zone comes from geography.cell_admin. Events whose cell has no zone (NULL pcod, or no
-- cell at all) are unlocatable and dropped.
-- Bindings: :events (fragment `selected-events`); :start, :end (timestamptz text, the same window);
--   :pcodColumn: (identifier, admin<n>pcod of geography.cell_admin).
-- Returns: subscriber, datetime, pcod.
WITH cell_days AS (
  SELECT DISTINCT ON (d.day, c.id)
    d.day,
    c.id AS location_id,
    ca.:pcodColumn: AS pcod
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
)
SELECT
  e.subscriber,
  e.datetime,
  z.pcod
FROM (:events) AS e
JOIN cell_days AS z
  ON z.location_id = e.location_id
  AND z.day = CAST(e.datetime AT TIME ZONE 'UTC' AS date)
WHERE z.pcod IS NOT NULL
