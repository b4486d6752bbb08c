-- location-introversion: per zone the share of interactions (calls, sms: the two rows of an interaction share `id`)
-- whose both parties are located in the same zone, from the point of view of the zone of party A; the direction
-- filters A's rows (FlowKit LocationIntroversion). redaction_count = distinct A subscribers of the zone.
-- Bindings: :located (fragment `located-rows` over `selected-events-detail`); :aSel: (a.<loc> columns);
--   :aCols:, :bCols: (qualified location columns of both sides); :loc: (result columns); :outgoing (boolean/NULL).
-- Returns: <loc>, value, redaction_count.
WITH located AS (:located)
SELECT
  :loc:,
  CAST(sum(CASE WHEN pairs.same_zone THEN 1 ELSE 0 END) AS double precision) / count(*) AS value,
  count(DISTINCT pairs.subscriber) AS redaction_count
FROM (
  SELECT a.subscriber, :aSel:, ROW(:aCols:) = ROW(:bCols:) AS same_zone
  FROM located AS a
  JOIN located AS b
    ON a.id = b.id
    AND a.event_type = b.event_type
    AND a.outgoing <> b.outgoing
  WHERE CAST(:outgoing AS boolean) IS NULL OR a.outgoing = CAST(:outgoing AS boolean)
) AS pairs
GROUP BY :loc:
