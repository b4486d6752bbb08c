-- Reads the state of one top-level query and, only when it is completed, touches its cache entry (cache.touch,
-- flowdb.md §8.1) in the same round trip: the CASE keeps touch from running for any other state.
-- Run after taking the stream lock, so the state read here cannot be overtaken by an eviction.
-- Parameters: :queryId text.
-- Returns zero or one row: state, score (NULL unless completed). cache.touch raises P0002 when the cache record
-- is gone (the entry is being reset).
SELECT
  s.state,
  CASE WHEN s.state = 'completed' THEN cache.touch(s.query_id) END AS score
FROM cache.query_status AS s
WHERE s.query_id = :queryId
