-- QA check count_locatable_events (spec/flowdb.md §6): rows whose location_id is in infrastructure.cells.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT count(*)::text AS outcome
FROM :partition: AS t
WHERE EXISTS (SELECT 1 FROM infrastructure.cells AS c WHERE c.id = t.location_id);
