-- meaningful-labelled: the clusters carrying one label (FlowKit's LabelEventScore + MeaningfulLocations). A cluster
-- carries a label when the label's polygon strictly contains its point (score_hour, score_dow) (ST_Contains, so a
-- point on a boundary is outside); it is `unknown` when no label's polygon contains it.
-- Bindings: :clusters (fragment `meaningful-clusters`); :labels (JSON object text, label -> GeoJSON Polygon or
--   MultiPolygon with closed rings); :label (text); :unknown (boolean, the label is `unknown`).
-- Returns: subscriber, lon, lat, n_clusters (the subscriber's clusters with the label).
WITH clusters AS (:clusters),
bounds AS (
  SELECT key AS label, ST_SetSRID(ST_GeomFromGeoJSON(CAST(value AS text)), 0) AS geom
  FROM jsonb_each(CAST(:labels AS jsonb))
),
chosen AS (
  SELECT c.subscriber, c.lon, c.lat
  FROM clusters AS c
  WHERE CASE
    WHEN :unknown THEN NOT EXISTS (
      SELECT 1 FROM bounds AS b WHERE ST_Contains(b.geom, ST_MakePoint(c.score_hour, c.score_dow))
    )
    ELSE EXISTS (
      SELECT 1 FROM bounds AS b
      WHERE b.label = CAST(:label AS text) AND ST_Contains(b.geom, ST_MakePoint(c.score_hour, c.score_dow))
    )
  END
)
SELECT subscriber, lon, lat, count(*) OVER (PARTITION BY subscriber) AS n_clusters
FROM chosen
