-- histogram: counts of a metric's non-null values per bin (numpy.histogram semantics): n_bins equal-width bins over
-- [lower_bound, upper_bound] (default: the values' min and max) or the given edges; bins are [lower, upper) except
-- the last, [lower, upper]; values outside every bin are not counted; every bin is listed, empty ones with 0.
-- Bindings: :source: (identifier, metric table subscriber, value); :nBins (integer or NULL); :edges (JSON array
--   text or NULL); :lower, :upper (numbers or NULL).
-- Returns: value, lower_edge, upper_edge, bin.
WITH m AS (
  SELECT CAST(value AS double precision) AS v FROM :source: WHERE value IS NOT NULL
),
bounds AS (
  SELECT
    COALESCE(CAST(:lower AS double precision), min(m.v)) AS lo,
    COALESCE(CAST(:upper AS double precision), max(m.v)) AS hi
  FROM m
),
edges AS (
  SELECT
    CAST(t.ord AS integer) AS bin,
    CAST(t.e AS double precision) AS lower_edge,
    CAST(lead(t.e) OVER (ORDER BY t.ord) AS double precision) AS upper_edge,
    CAST(count(*) OVER () - 1 AS integer) AS bins
  FROM jsonb_array_elements_text(CAST(:edges AS jsonb)) WITH ORDINALITY AS t(e, ord)
  UNION ALL
  SELECT
    b,
    bounds.lo + (bounds.hi - bounds.lo) * (b - 1) / CAST(:nBins AS integer),
    CASE WHEN b = CAST(:nBins AS integer) THEN bounds.hi
      ELSE bounds.lo + (bounds.hi - bounds.lo) * b / CAST(:nBins AS integer) END,
    CAST(:nBins AS integer)
  FROM bounds, generate_series(1, CAST(:nBins AS integer)) AS b
)
SELECT count(m.v) AS value, edges.lower_edge, edges.upper_edge, edges.bin
FROM edges
LEFT JOIN m
  ON m.v >= edges.lower_edge
  AND (m.v < edges.upper_edge OR (edges.bin = edges.bins AND m.v <= edges.upper_edge))
WHERE edges.bin <= edges.bins
GROUP BY edges.bin, edges.lower_edge, edges.upper_edge
