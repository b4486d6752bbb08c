-- QA checks answered by one scan of the partition (spec/flowdb.md §6), for every type: one column per check,
-- named after it, each cast to text as its outcome.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row.
SELECT
  count(*)::text AS count_added_rows,
  count(DISTINCT t.msisdn)::text AS count_msisdns,
  count(DISTINCT t.imsi)::text AS count_imsis,
  count(DISTINCT t.imei)::text AS count_imeis,
  count(DISTINCT t.location_id)::text AS count_location_ids,
  -- Locatable: the location_id is a cell of infrastructure.cells (any version).
  count(DISTINCT t.location_id) FILTER (WHERE c.locatable)::text AS count_locatable_location_ids,
  count(*) FILTER (WHERE c.locatable)::text AS count_locatable_events,
  count(*) FILTER (WHERE t.imsi IS NULL)::text AS count_null_imsis,
  count(*) FILTER (WHERE t.imei IS NULL)::text AS count_null_imeis,
  count(*) FILTER (WHERE t.location_id IS NULL)::text AS count_null_location_ids,
  min(t.datetime)::text AS earliest_timestamp,
  max(t.datetime)::text AS latest_timestamp
FROM :partition: AS t
LEFT JOIN (SELECT DISTINCT ic.id, true AS locatable FROM infrastructure.cells AS ic) AS c
  ON c.id = t.location_id;
