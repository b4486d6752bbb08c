-- QA check count_locatable_location_ids (spec/flowdb.md §6): distinct location_id values present in infrastructure.cells.
-- :partition: the partition events.<type>_YYYYMMDD (identifier). Returns one row, column outcome (text).
SELECT count(DISTINCT t.location_id)::text AS outcome
FROM :partition: AS t
WHERE EXISTS (SELECT 1 FROM infrastructure.cells AS c WHERE c.id = t.location_id);
