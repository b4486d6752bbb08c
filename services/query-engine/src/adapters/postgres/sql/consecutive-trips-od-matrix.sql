-- consecutive-trips-od-matrix: per ordered pair of different zones (A, B), the distinct subscribers whose located
-- events, in time order (ties by location), have an event in A immediately followed by one in B.
-- Bindings: :located (fragment `located-events-*`); :loc: (location columns); :locQ: (located.<loc>);
--   :aSel:, :bSel: (aliased columns); :aCols:, :bCols: (qualified columns).
-- Returns: <loc>_from, <loc>_to, value.
WITH ordered AS (
  SELECT
    located.subscriber,
    :loc:,
    row_number() OVER (PARTITION BY located.subscriber ORDER BY located.datetime, :locQ:) AS n
  FROM (:located) AS located
)
SELECT :aSel:, :bSel:, count(DISTINCT a.subscriber) AS value
FROM ordered AS a
JOIN ordered AS b
  ON b.subscriber = a.subscriber
  AND b.n = a.n + 1
  AND ROW(:aCols:) <> ROW(:bCols:)
GROUP BY :aCols:, :bCols:
