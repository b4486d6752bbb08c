-- dummy-query: the test-only dummy_query (query-kinds.md §6.1): sleeps :delay seconds and returns no columns and
-- no rows.
-- Bindings: :delay (integer seconds).
-- Returns: nothing.
SELECT FROM pg_sleep(CAST(:delay AS double precision)) WHERE false
