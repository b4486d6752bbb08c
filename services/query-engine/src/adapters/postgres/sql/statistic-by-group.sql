-- statistic-by-group: one statistic of `value` per group (query-kinds.md §1 statistics; stddev and variance are the
-- sample forms, median the continuous percentile, mode the smallest of the most frequent values).
-- Bindings: :source (fragment with the group columns and value); :groupCols: (identifiers); :statistic (text).
-- Returns: <group columns>, value (double precision).
SELECT
  :groupCols:,
  CAST(
    CASE CAST(:statistic AS text)
      WHEN 'count' THEN count(s.value)
      WHEN 'sum' THEN sum(s.value)
      WHEN 'avg' THEN avg(s.value)
      WHEN 'max' THEN max(s.value)
      WHEN 'min' THEN min(s.value)
      WHEN 'median' THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY s.value)
      WHEN 'stddev' THEN stddev_samp(s.value)
      WHEN 'variance' THEN var_samp(s.value)
      WHEN 'mode' THEN mode() WITHIN GROUP (ORDER BY s.value)
    END AS double precision
  ) AS value
FROM (:source) AS s
GROUP BY :groupCols:
