-- trips-od-matrix: per ordered pair of different zones (A, B), the distinct subscribers with a located event in A
-- strictly earlier than a located event in B during the period (query-kinds.md §6.1).
-- Bindings: :located (fragment `located-events-*`); :loc: (location columns); :aSel:, :bSel: (aliased
--   `a.pcod as pcod_from`, `b.pcod as pcod_to`); :aCols:, :bCols: (qualified columns).
-- Returns: <loc>_from, <loc>_to, value.
WITH visits AS (
  SELECT located.subscriber, :loc:, min(located.datetime) AS first_seen, max(located.datetime) AS last_seen
  FROM (:located) AS located
  GROUP BY located.subscriber, :loc:
)
SELECT :aSel:, :bSel:, count(DISTINCT a.subscriber) AS value
FROM visits AS a
JOIN visits AS b
  ON a.subscriber = b.subscriber
  AND a.first_seen < b.last_seen
  AND ROW(:aCols:) <> ROW(:bCols:)
GROUP BY :aCols:, :bCols:
