-- labelled-spatial-aggregate: subscribers per zone and label (FlowKit's LabelledSpatialAggregate: labels are
-- left-joined, so located subscribers without a label count under a NULL label). redaction_count is the smallest
-- label count of the zone, so that redact-by-count drops whole zones (query-kinds.md §7, FlowKit ADR 0011).
-- Bindings: :locations: (identifier, per-subscriber locations); :labels: (identifier, subscriber, value);
--   :lLoc: (l.<loc> columns); :loc: (location columns).
-- Returns: <loc>, label, value, redaction_count.
SELECT counts.*, min(counts.value) OVER (PARTITION BY :loc:) AS redaction_count
FROM (
  SELECT :lLoc:, lab.value AS label, count(*) AS value
  FROM :locations: AS l
  LEFT JOIN :labels: AS lab ON lab.subscriber = l.subscriber
  GROUP BY :lLoc:, lab.value
) AS counts
