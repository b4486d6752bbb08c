-- joined-spatial-aggregate: per zone the statistic of the joined metric values, with the zone's located-subscriber
-- count (the unredacted spatial aggregate of the locations) as redaction_count.
-- Bindings: :stats (fragment `statistic-by-group`); :zones: (identifier, spatial aggregate <loc>, value);
--   :loc: (location columns).
-- Returns: <loc>, value, redaction_count.
SELECT :loc:, s.value, z.value AS redaction_count
FROM :zones: AS z
JOIN (:stats) AS s USING (:loc:)
