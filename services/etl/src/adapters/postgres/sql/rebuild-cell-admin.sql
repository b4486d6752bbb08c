-- Rebuilds geography.cell_admin (spec/flowdb.md §4): for every cell version, the admin3 zone containing its point
-- and that zone's admin0..admin2 pcods. A point on a shared edge goes to the zone with the lowest admin3pcod, so
-- every cell inside the country has exactly one zone; cells outside every polygon (or without a point) get NULLs.
-- No parameters. Run inside the transaction that loads cells or geography.
DELETE FROM geography.cell_admin;

INSERT INTO geography.cell_admin (location_id, version, admin0pcod, admin1pcod, admin2pcod, admin3pcod)
SELECT
  c.id,
  c.version,
  z.admin0pcod,
  z.admin1pcod,
  z.admin2pcod,
  z.admin3pcod
FROM infrastructure.cells AS c
LEFT JOIN LATERAL (
  SELECT a.admin0pcod, a.admin1pcod, a.admin2pcod, a.admin3pcod
  FROM geography.admin3 AS a
  WHERE c.geom_point IS NOT NULL
    AND ST_Intersects(a.geom, c.geom_point)
  ORDER BY a.admin3pcod
  LIMIT 1
) AS z ON true
WHERE c.id IS NOT NULL
  AND c.version IS NOT NULL;
