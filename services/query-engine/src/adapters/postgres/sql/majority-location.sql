-- majority-location: per subscriber the location whose visit weight exceeds half of the subscriber's total weight
-- (FlowKit's MajorityLocation). With include_unlocatable, subscribers without a majority keep a NULL location.
-- Bindings: :weights: (identifier, location_visits table: subscriber, <loc>, value); :wLoc: (w.<loc> columns);
--   :mLoc: (m.<loc> columns); :includeUnlocatable (boolean).
-- Returns: subscriber, <loc> (NULL location only with include_unlocatable).
WITH totals AS (
  SELECT subscriber, sum(value) AS total
  FROM :weights:
  GROUP BY subscriber
), majority AS (
  SELECT w.subscriber, :wLoc:
  FROM :weights: AS w
  JOIN totals AS t ON t.subscriber = w.subscriber
  WHERE w.value > t.total / 2.0
)
SELECT t.subscriber, :mLoc:
FROM totals AS t
LEFT JOIN majority AS m ON m.subscriber = t.subscriber
WHERE CAST(:includeUnlocatable AS boolean) OR m.subscriber IS NOT NULL
