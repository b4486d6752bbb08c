-- QA check count_onnet_msisdns_outgoing (spec/flowdb.md §6): as count_onnet_msisdns, outgoing rows only.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT count(DISTINCT t.msisdn)::text AS outcome
FROM :partition: AS t
WHERE t.outgoing
  AND t.msisdn_counterpart IN (SELECT u.msisdn FROM :partition: AS u);
