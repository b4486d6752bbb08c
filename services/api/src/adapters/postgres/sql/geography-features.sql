-- Zones of one admin level as GeoJSON parts for GET /api/0/geography/<unit> (spec/api.md §7), ordered by pcod:
-- the MultiPolygon and its centroid as GeoJSON with 6 decimals, the 1-based row number, pcod and name.
-- Parameters: :geoTable: (geography.admin<n>), :pcodColumn: (admin<n>pcod), :nameColumn: (admin<n>name).
-- Returns: geometry text, centroid text, row number, pcod, name.
SELECT
  public.ST_AsGeoJSON(g.geom, 6) AS "__geometry",
  public.ST_AsGeoJSON(public.ST_Centroid(g.geom), 6) AS "__centroid",
  row_number() OVER (ORDER BY g.:pcodColumn:) AS "__row",
  g.:pcodColumn: AS pcod,
  g.:nameColumn: AS name
FROM :geoTable: AS g
ORDER BY g.:pcodColumn:
