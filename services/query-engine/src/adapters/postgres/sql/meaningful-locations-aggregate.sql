-- meaningful-locations-aggregate: per zone the sum over subscribers of 1 / n_clusters for each of their labelled
-- clusters in the zone (FlowKit's MeaningfulLocationsAggregate), unredacted.
-- Bindings: :zoned (fragment `meaningful-zones`).
-- Returns: pcod, value.
SELECT pcod, sum(1.0 / CAST(n_clusters AS double precision)) AS value
FROM (:zoned) AS m
GROUP BY pcod
