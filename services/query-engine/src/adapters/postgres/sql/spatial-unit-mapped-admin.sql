-- spatial-unit-mapped-admin: cells mapped to admin zones through a mapping table, as FlowKit's
-- make_spatial_unit("admin", level=n, mapping_table=...): the mapping table joins on the cell id (column `id`) and
-- `admin<n>pcod`; a pcod missing from geography.admin<n> leaves the cell unlocatable. A cell mapped to several
-- zones is in each of them.
-- Bindings: :mappingTable: (identifier, geography.<name>); :adminTable: (identifier, geography.admin<n>);
--   :pcodColumn: (identifier, admin<n>pcod).
-- Returns: location_id, pcod, located.
SELECT
  CAST(m.id AS text) AS location_id,
  g.:pcodColumn: AS pcod,
  g.:pcodColumn: IS NOT NULL AS located
FROM :mappingTable: AS m
LEFT JOIN :adminTable: AS g
  ON g.:pcodColumn: = m.:pcodColumn:
