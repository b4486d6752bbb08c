-- Reads the durable state of one top-level query for the api (spec/flowdb.md §7, view cache.query_status).
-- Parameters: :queryId text.
-- Returns zero or one row: query_id, query_kind, params (jsonb text), canonical (jsonb text), aggregation_unit,
-- state, message, eligible, queued, running.
SELECT
  query_id,
  query_kind,
  params,
  canonical,
  aggregation_unit,
  state,
  message,
  eligible,
  queued,
  running
FROM cache.query_status
WHERE query_id = :queryId
