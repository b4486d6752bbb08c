-- QA check max_msisdns_per_imei (spec/flowdb.md §6): largest number of distinct msisdns sharing one imei.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT coalesce(max(g.n), 0)::text AS outcome
FROM (
  SELECT count(DISTINCT msisdn) AS n
  FROM :partition:
  WHERE imei IS NOT NULL
  GROUP BY imei
) AS g;
