-- QA check count_duplicated (spec/flowdb.md §6): rows whose full content occurs more than once.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT coalesce(sum(d.n), 0)::text AS outcome
FROM (
  SELECT count(*) AS n
  FROM :partition: AS t
  GROUP BY t.*
  HAVING count(*) > 1
) AS d;
