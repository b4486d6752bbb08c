-- redact-histogram: the exposed histogram; if any bin holds T or fewer values the whole result is one row of NULLs
-- (query-kinds.md §6.1/§7), else every bin ordered by position.
-- Bindings: :source: (identifier, unredacted histogram); :threshold (integer T).
-- Returns: value, lower_edge, upper_edge.
SELECT h.value, h.lower_edge, h.upper_edge
FROM (
  SELECT value, lower_edge, upper_edge, bin FROM :source:
  WHERE NOT EXISTS (SELECT 1 FROM :source: AS c WHERE c.value <= :threshold)
  UNION ALL
  SELECT NULL, NULL, NULL, 0
  WHERE EXISTS (SELECT 1 FROM :source: AS c WHERE c.value <= :threshold)
) AS h
ORDER BY h.bin
