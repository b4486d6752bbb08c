-- joined-spatial-aggregate-distr: per zone and category of a categorical metric the share (0-1) of the zone's
-- categorised subscribers; redaction_count = least(zone located subscribers, category subscribers), so that the
-- exposed table keeps zones with more than T located subscribers and categories with more than T subscribers.
-- Bindings: :joined (fragment `jsa-joined`); :zones: (identifier, spatial aggregate); :loc: (location columns).
-- Returns: <loc>, metric, key, value, redaction_count.
WITH categories AS (
  SELECT :loc:, j.value AS key, count(*) AS subscribers
  FROM (:joined) AS j
  WHERE j.value IS NOT NULL
  GROUP BY :loc:, j.value
)
SELECT
  :loc:,
  CAST('value' AS text) AS metric,
  CAST(c.key AS text) AS key,
  CAST(c.subscribers AS double precision) / sum(c.subscribers) OVER (PARTITION BY :loc:) AS value,
  least(z.value, c.subscribers) AS redaction_count
FROM categories AS c
JOIN :zones: AS z USING (:loc:)
