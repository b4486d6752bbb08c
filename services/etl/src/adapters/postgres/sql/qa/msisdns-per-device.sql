-- QA checks max_msisdns_per_imei and max_msisdns_per_imsi (spec/flowdb.md §6): the largest number of distinct
-- msisdns sharing one imei / one imsi (0 when none is known).
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, one text column per check.
SELECT
  (
    SELECT coalesce(max(g.n), 0)
    FROM (SELECT count(DISTINCT msisdn) AS n FROM :partition: WHERE imei IS NOT NULL GROUP BY imei) AS g
  )::text AS max_msisdns_per_imei,
  (
    SELECT coalesce(max(g.n), 0)
    FROM (SELECT count(DISTINCT msisdn) AS n FROM :partition: WHERE imsi IS NOT NULL GROUP BY imsi) AS g
  )::text AS max_msisdns_per_imsi;
