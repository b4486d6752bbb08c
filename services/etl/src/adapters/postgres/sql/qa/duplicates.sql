-- QA checks count_duplicated (rows whose full content occurs more than once) and count_duplicates (surplus copies:
-- rows minus distinct rows), from one grouping of the partition by whole row (spec/flowdb.md §6).
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, one text column per check.
SELECT
  coalesce(sum(d.n) FILTER (WHERE d.n > 1), 0)::text AS count_duplicated,
  coalesce(sum(d.n - 1), 0)::text AS count_duplicates
FROM (
  SELECT count(*) AS n
  FROM :partition: AS t
  GROUP BY t.*
) AS d;
