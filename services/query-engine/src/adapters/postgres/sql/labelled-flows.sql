-- labelled-flows: subscribers per (origin, destination) pair and label (FlowKit's LabelledFlows: the join_type
-- joins origins to destinations as in flows.sql, then labels are inner-joined on the subscriber of either side).
-- redaction_count is the smallest label count of the pair, so that redact-by-count drops whole pairs.
-- Bindings: :from:, :to: (identifiers, per-subscriber location tables); :labels: (identifier, subscriber, value);
--   :fromSel:, :toSel: (aliased columns `f.pcod as pcod_from`...); :fromNames:, :toNames: (result columns);
--   :needFrom, :needTo (boolean).
-- Returns: <loc>_from, <loc>_to, label, value, redaction_count.
SELECT counts.*, min(counts.value) OVER (PARTITION BY :fromNames:, :toNames:) AS redaction_count
FROM (
  SELECT :fromNames:, :toNames:, lab.value AS label, count(*) AS value
  FROM (
    SELECT coalesce(f.subscriber, t.subscriber) AS subscriber, :fromSel:, :toSel:
    FROM :from: AS f
    FULL OUTER JOIN :to: AS t ON f.subscriber = t.subscriber
    WHERE (NOT CAST(:needFrom AS boolean) OR f.subscriber IS NOT NULL)
      AND (NOT CAST(:needTo AS boolean) OR t.subscriber IS NOT NULL)
  ) AS pairs
  JOIN :labels: AS lab ON lab.subscriber = pairs.subscriber
  GROUP BY :fromNames:, :toNames:, lab.value
) AS counts
