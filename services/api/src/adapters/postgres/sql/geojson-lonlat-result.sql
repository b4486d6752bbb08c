-- Rows of an exposed lon-lat result (cache.x<id>) as GeoJSON parts, in the table's stored order (spec/api.md §6):
-- the point built from the lon/lat columns (as geometry and as centroid) with 6 decimals, the 1-based row number,
-- then every result column.
-- Parameters: :resultTable: (cache.x<id>).
-- Returns: geometry text, centroid text, row_number bigint, result columns...
SELECT
  public.ST_AsGeoJSON(p.pt, 6) AS "__geometry",
  public.ST_AsGeoJSON(p.pt, 6) AS "__centroid",
  r.*
FROM (
  SELECT row_number() OVER () AS "__row", t.*
  FROM :resultTable: AS t
) AS r
CROSS JOIN LATERAL (
  SELECT public.ST_SetSRID(public.ST_MakePoint(r.lon::float8, r.lat::float8), 4326) AS pt
) AS p
ORDER BY r."__row"
