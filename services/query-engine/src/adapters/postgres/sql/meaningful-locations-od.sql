-- meaningful-locations-od: per (origin zone, destination zone) the sum over subscribers of 1 / (n_from × n_to) for
-- each pair of their origin and destination clusters (FlowKit's MeaningfulLocationsOD), unredacted.
-- Bindings: :from, :to (fragments `meaningful-zones`).
-- Returns: pcod_from, pcod_to, value.
SELECT
  a.pcod AS pcod_from,
  b.pcod AS pcod_to,
  sum(1.0 / CAST(a.n_clusters * b.n_clusters AS double precision)) AS value
FROM (:from) AS a
JOIN (:to) AS b ON b.subscriber = a.subscriber
GROUP BY a.pcod, b.pcod
