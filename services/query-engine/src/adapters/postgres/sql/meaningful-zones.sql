-- meaningful-zones: the admin zone of each labelled cluster, the zone whose polygon contains the cluster centroid;
-- clusters outside every zone are dropped (their weight is lost, as unlocatable events elsewhere).
-- Bindings: :labelled (fragment `meaningful-labelled`); :zones: (identifier geography.admin<n>);
--   :pcod: (identifier admin<n>pcod).
-- Returns: subscriber, n_clusters, pcod.
SELECT m.subscriber, m.n_clusters, z.:pcod: AS pcod
FROM (:labelled) AS m
JOIN :zones: AS z ON ST_Contains(z.geom, ST_SetSRID(ST_MakePoint(m.lon, m.lat), 4326))
