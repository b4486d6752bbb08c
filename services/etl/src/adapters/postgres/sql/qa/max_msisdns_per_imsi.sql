-- QA check max_msisdns_per_imsi (spec/flowdb.md §6): largest number of distinct msisdns sharing one imsi.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT coalesce(max(g.n), 0)::text AS outcome
FROM (
  SELECT count(DISTINCT msisdn) AS n
  FROM :partition:
  WHERE imsi IS NOT NULL
  GROUP BY imsi
) AS g;
