-- Records the cells seen in one day's partition in events.location_ids (spec/flowdb.md §3), widening the
-- first/last active dates of known (location_id, cdr_type) pairs.
-- :partition: partition identifier; :cdrType the type; :cdrDate the day (date). Returns nothing.
INSERT INTO events.location_ids AS l (location_id, cdr_type, first_active_date, last_active_date)
SELECT DISTINCT
  t.location_id,
  :cdrType,
  :cdrDate::date,
  :cdrDate::date
FROM :partition: AS t
WHERE t.location_id IS NOT NULL
ON CONFLICT (location_id, cdr_type) DO UPDATE
SET
  first_active_date = LEAST(l.first_active_date, EXCLUDED.first_active_date),
  last_active_date = GREATEST(l.last_active_date, EXCLUDED.last_active_date);
