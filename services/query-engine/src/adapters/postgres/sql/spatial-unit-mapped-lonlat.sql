-- spatial-unit-mapped-lonlat: cells mapped to points through a mapping table and a geometry table, as FlowKit's
-- make_spatial_unit("lon-lat", mapping_table=..., geom_table=..., geom_table_join_on=...): the mapping table joins
-- on the cell id (column `id`), the geometry table on the join column; its `geom_point` gives lon, lat.
-- Bindings: :mappingTable:, :geomTable: (identifiers, geography.<name>); :mappingJoin:, :geomJoin: (identifiers,
--   the join column qualified by m and g).
-- Returns: location_id, lon, lat, located.
SELECT
  CAST(m.id AS text) AS location_id,
  ST_X(CAST(g.geom_point AS geometry)) AS lon,
  ST_Y(CAST(g.geom_point AS geometry)) AS lat,
  g.geom_point IS NOT NULL AS located
FROM :mappingTable: AS m
LEFT JOIN :geomTable: AS g
  ON :geomJoin: = :mappingJoin:
