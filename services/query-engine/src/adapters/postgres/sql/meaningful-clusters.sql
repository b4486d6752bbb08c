-- meaningful-clusters: per subscriber the Hartigan clusters of their towers (FlowKit's HartiganCluster joined to
-- EventScore, query-kinds.md §6.1). A tower is a distinct cell point; its call days are the distinct UTC days with
-- an event there, its scores the mean over its events of the hour-of-day and day-of-week scores (UTC). Towers are
-- clustered in descending call-day order (ties: lon, lat) by cache.hartigan_clusters; clusters with fewer than
-- :callThreshold call days are dropped; a cluster's scores are the unweighted mean of its towers' scores.
-- Bindings: :located (fragment `located-events-lonlat`); :hourScores (JSON array text, 24 numbers, midnight first);
--   :dowScores (JSON array text, 7 numbers, monday first); :radiusKm (number); :callThreshold (integer).
-- Returns: subscriber, rank, lon, lat, score_hour, score_dow.
WITH located AS (:located),
towers AS (
  SELECT
    subscriber,
    lon,
    lat,
    CAST(count(DISTINCT CAST(datetime AT TIME ZONE 'UTC' AS date)) AS integer) AS calldays,
    avg(CAST(CAST(:hourScores AS jsonb) ->> CAST(extract(hour FROM datetime AT TIME ZONE 'UTC') AS integer) AS double precision)) AS score_hour,
    avg(CAST(CAST(:dowScores AS jsonb) ->> (CAST(extract(isodow FROM datetime AT TIME ZONE 'UTC') AS integer) - 1) AS double precision)) AS score_dow
  FROM located
  GROUP BY subscriber, lon, lat
),
ordered AS (
  SELECT towers.*, CAST(row_number() OVER (PARTITION BY subscriber ORDER BY calldays DESC, lon, lat) AS integer) AS idx
  FROM towers
),
assigned AS (
  SELECT per.subscriber, h.idx, h.cluster_rank, h.cluster_lon, h.cluster_lat, h.cluster_weight
  FROM (
    SELECT
      subscriber,
      array_agg(lon ORDER BY idx) AS lons,
      array_agg(lat ORDER BY idx) AS lats,
      array_agg(calldays ORDER BY idx) AS weights
    FROM ordered
    GROUP BY subscriber
  ) AS per
  CROSS JOIN LATERAL cache.hartigan_clusters(per.lons, per.lats, per.weights, CAST(:radiusKm AS double precision)) AS h
)
SELECT
  a.subscriber,
  a.cluster_rank AS rank,
  a.cluster_lon AS lon,
  a.cluster_lat AS lat,
  avg(o.score_hour) AS score_hour,
  avg(o.score_dow) AS score_dow
FROM assigned AS a
JOIN ordered AS o ON o.subscriber = a.subscriber AND o.idx = a.idx
WHERE a.cluster_weight >= CAST(:callThreshold AS integer)
GROUP BY a.subscriber, a.cluster_rank, a.cluster_lon, a.cluster_lat
