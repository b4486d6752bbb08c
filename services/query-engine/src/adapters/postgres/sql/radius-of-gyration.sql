-- radius-of-gyration: per subscriber sqrt(mean squared distance, km) of its located events' cell points from their
-- centroid (the mean of longitudes and latitudes, as FlowKit); distances on the sphere (PostGIS mean radius).
-- Bindings: :located (fragment `located-events-lonlat`).
-- Returns: subscriber, value.
WITH located AS (:located),
centroids AS (
  SELECT subscriber, avg(lon) AS lon, avg(lat) AS lat FROM located GROUP BY subscriber
)
SELECT
  l.subscriber,
  sqrt(avg(power(
    ST_Distance(
      CAST(ST_SetSRID(ST_MakePoint(l.lon, l.lat), 4326) AS geography),
      CAST(ST_SetSRID(ST_MakePoint(c.lon, c.lat), 4326) AS geography),
      false
    ) / 1000, 2))) AS value
FROM located AS l
JOIN centroids AS c ON c.subscriber = l.subscriber
GROUP BY l.subscriber
