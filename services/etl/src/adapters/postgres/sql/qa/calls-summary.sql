-- QA checks of calls only, answered by one scan of the partition (spec/flowdb.md §6). On-net: the counterpart also
-- appears as an msisdn of the same day.
-- :partition: the partition events.calls_YYYYMMDD (identifier). Returns one row, one text column per check.
SELECT
  count(*) FILTER (WHERE t.outgoing)::text AS count_added_rows_outgoing,
  count(*) FILTER (WHERE t.msisdn_counterpart IS NULL)::text AS count_null_counterparts,
  count(*) FILTER (WHERE t.duration IS NULL)::text AS count_null_durations,
  count(DISTINCT t.msisdn) FILTER (WHERE o.onnet)::text AS count_onnet_msisdns,
  count(DISTINCT t.msisdn) FILTER (WHERE o.onnet AND NOT t.outgoing)::text AS count_onnet_msisdns_incoming,
  count(DISTINCT t.msisdn) FILTER (WHERE o.onnet AND t.outgoing)::text AS count_onnet_msisdns_outgoing,
  max(t.duration)::text AS max_duration,
  (percentile_cont(0.5) WITHIN GROUP (ORDER BY t.duration))::text AS median_duration
FROM :partition: AS t
CROSS JOIN LATERAL (
  SELECT coalesce(t.msisdn_counterpart IN (SELECT u.msisdn FROM :partition: AS u), false) AS onnet
) AS o;
