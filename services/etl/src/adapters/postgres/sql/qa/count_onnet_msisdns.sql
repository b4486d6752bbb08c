-- QA check count_onnet_msisdns (spec/flowdb.md §6): distinct msisdns whose counterpart also appears as an msisdn that day (all rows).
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT count(DISTINCT t.msisdn)::text AS outcome
FROM :partition: AS t
WHERE t.msisdn_counterpart IN (SELECT u.msisdn FROM :partition: AS u);
