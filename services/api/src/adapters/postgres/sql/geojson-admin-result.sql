-- Rows of an exposed admin-unit result (cache.x<id>) as GeoJSON parts, in the table's stored order
-- (spec/api.md §6): the zone's MultiPolygon and centroid as GeoJSON with 6 decimals, the 1-based row number, then
-- every result column. Zones are joined on the result's pcod column.
-- Parameters: :resultTable: (cache.x<id>), :geoTable: (geography.admin<n>), :pcodColumn: (admin<n>pcod).
-- Returns: geometry text, centroid text, row_number bigint, result columns...
SELECT
  public.ST_AsGeoJSON(g.geom, 6) AS "__geometry",
  public.ST_AsGeoJSON(public.ST_Centroid(g.geom), 6) AS "__centroid",
  r.*
FROM (
  SELECT row_number() OVER () AS "__row", t.*
  FROM :resultTable: AS t
) AS r
LEFT JOIN :geoTable: AS g
  ON g.:pcodColumn: = r.pcod
ORDER BY r."__row"
