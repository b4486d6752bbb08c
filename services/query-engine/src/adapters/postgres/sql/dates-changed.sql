-- dates-changed: whether any of a node's (cdr_type, cdr_date) pairs was ingested or dropped after the node started
-- (flowdb.md §8.4); such a node must not become completed and is re-queued instead.
-- Bindings: :epoch (bigint text, max etl_records.id at start), :cdrTypes (text[]), :cdrDates (text[] of YYYY-MM-DD),
--   the two arrays pairwise.
-- Returns: changed (boolean).
SELECT EXISTS (
  SELECT 1
  FROM etl.etl_records AS r
  JOIN unnest(CAST(:cdrTypes AS text[]), CAST(:cdrDates AS date[])) AS d (cdr_type, cdr_date)
    ON r.cdr_type = d.cdr_type AND r.cdr_date = d.cdr_date
  WHERE r.id > CAST(:epoch AS bigint)
    AND r.state IN ('ingested', 'dropped')
) AS changed
