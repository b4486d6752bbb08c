-- mobility-classification: a mobility label per subscriber present in the last period (FlowKit's
-- MobilityClassification), the first that applies of: unlocated (NULL location in the last period), irregular
-- (absent from a period), not_always_locatable (NULL location in a period), mobile (longest run of consecutive
-- periods at one location shorter than the threshold), stable. Runs are found with the gaps-and-islands method.
-- Bindings: :periods (fragment: subscriber, <loc>, ordinal); :loc: (location columns); :firstLoc: (first location
--   column); :latestLoc: (latest.<first location column>); :count (integer, number of periods); :last (integer,
--   ordinal of the last period); :threshold (integer, stay_length_threshold).
-- Returns: subscriber, value (label text).
WITH periods AS (
  :periods
), activity AS (
  SELECT subscriber, count(*) AS active, count(:firstLoc:) AS locatable
  FROM periods
  GROUP BY subscriber
), runs AS (
  SELECT subscriber, ordinal - dense_rank() OVER (PARTITION BY subscriber, :loc: ORDER BY ordinal) AS run, :loc:
  FROM periods
), stays AS (
  SELECT subscriber, max(stay) AS longest_stay
  FROM (SELECT subscriber, count(*) AS stay FROM runs GROUP BY subscriber, :loc:, run) AS per_run
  GROUP BY subscriber
)
SELECT
  latest.subscriber,
  CAST(CASE
    WHEN :latestLoc: IS NULL THEN 'unlocated'
    WHEN a.active < :count THEN 'irregular'
    WHEN a.locatable < :count THEN 'not_always_locatable'
    WHEN s.longest_stay < :threshold THEN 'mobile'
    ELSE 'stable'
  END AS text) AS value
FROM periods AS latest
JOIN activity AS a ON a.subscriber = latest.subscriber
JOIN stays AS s ON s.subscriber = latest.subscriber
WHERE latest.ordinal = :last
