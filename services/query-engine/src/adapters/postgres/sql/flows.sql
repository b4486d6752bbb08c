-- flows: per (origin, destination) location pair the number of subscriber rows pairing them (query-kinds.md §6.1
-- flows; one per subscriber unless a side holds several locations per subscriber). join_type is a full outer join
-- on subscriber filtered by side: inner needs both, left needs the origin, right the destination, full neither.
-- Bindings: :from:, :to: (identifiers, per-subscriber location tables); :fromSel:, :toSel: (aliased columns
--   `f.pcod as pcod_from`...); :fromNames:, :toNames: (result columns); :needFrom, :needTo (boolean).
-- Returns: <loc>_from, <loc>_to, value.
SELECT :fromNames:, :toNames:, count(*) AS value
FROM (
  SELECT :fromSel:, :toSel:
  FROM :from: AS f
  FULL OUTER JOIN :to: AS t ON f.subscriber = t.subscriber
  WHERE (NOT CAST(:needFrom AS boolean) OR f.subscriber IS NOT NULL)
    AND (NOT CAST(:needTo AS boolean) OR t.subscriber IS NOT NULL)
) AS pairs
GROUP BY :fromNames:, :toNames:
