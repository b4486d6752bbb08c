-- coalesced-location: per subscriber the preferred location when it is not NULL, else the fallback location if the
-- subscriber's visit weight there is at least the threshold (FlowKit's CoalescedLocation over a
-- FilteredReferenceLocation), else a NULL location for subscribers the preferred table holds unlocated.
-- Bindings: :preferred:, :fallback: (identifiers, majority_location tables); :weights: (identifier, location_visits
--   table); :threshold (integer); :loc: (location columns); :firstLoc: (first location column).
-- Returns: subscriber, <loc>.
WITH located AS (
  SELECT subscriber, :loc: FROM :preferred: WHERE :firstLoc: IS NOT NULL
), fallback AS (
  SELECT subscriber, :loc:
  FROM :fallback:
  JOIN (SELECT subscriber, :loc: FROM :weights: WHERE value >= :threshold) AS heavy USING (subscriber, :loc:)
)
SELECT subscriber, :loc: FROM located
UNION ALL
SELECT subscriber, :loc: FROM fallback
WHERE NOT EXISTS (SELECT 1 FROM located WHERE located.subscriber = fallback.subscriber)
UNION ALL
SELECT subscriber, :loc: FROM :preferred: AS unlocated
WHERE :firstLoc: IS NULL
  AND NOT EXISTS (SELECT 1 FROM fallback WHERE fallback.subscriber = unlocated.subscriber)
