-- Grants (spec/flowdb.md §1), all to the group roles. flowdeck_engine reads events, infrastructure, geography and
-- etl (default privileges cover partitions and tables the owner creates later), creates tables in cache and writes
-- the cache bookkeeping. flowdeck_api uses cache and geography, reads geography tables and the three cache views,
-- and executes register_query, request_cancel and touch; exposed result tables are granted by the engine.
-- Both get USAGE on schema public only to reach PostGIS types and functions (no public table is readable by them
-- flowdb_version and flowdeck_migrations for the engine, which verifies the schema version at start).

GRANT USAGE ON SCHEMA public TO flowdeck_engine, flowdeck_api;
GRANT SELECT ON public.flowdb_version, public.flowdeck_migrations TO flowdeck_engine;

GRANT USAGE ON SCHEMA events, infrastructure, geography, etl TO flowdeck_engine;
GRANT SELECT ON ALL TABLES IN SCHEMA events, infrastructure, geography, etl TO flowdeck_engine;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA events, infrastructure, geography, etl TO flowdeck_engine;
ALTER DEFAULT PRIVILEGES IN SCHEMA events, infrastructure, geography, etl GRANT SELECT ON TABLES TO flowdeck_engine;
ALTER DEFAULT PRIVILEGES IN SCHEMA events, infrastructure, geography, etl GRANT SELECT ON SEQUENCES TO flowdeck_engine;

GRANT USAGE, CREATE ON SCHEMA cache TO flowdeck_engine;
GRANT SELECT, INSERT, UPDATE, DELETE ON
  cache.cached,
  cache.dependencies,
  cache.date_dependencies,
  cache.cache_config,
  cache.queries,
  cache.query_state_history
TO flowdeck_engine;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE cache.cache_touches TO flowdeck_engine;
GRANT USAGE, SELECT ON SEQUENCE cache.query_state_history_id_seq TO flowdeck_engine;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA cache, etl FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA cache REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA etl REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA cache TO flowdeck_engine;

GRANT USAGE ON SCHEMA cache, geography TO flowdeck_api;
GRANT SELECT ON ALL TABLES IN SCHEMA geography TO flowdeck_api;
ALTER DEFAULT PRIVILEGES IN SCHEMA geography GRANT SELECT ON TABLES TO flowdeck_api;
GRANT SELECT ON cache.query_status, cache.available_dates, cache.qa_checks TO flowdeck_api;
GRANT EXECUTE ON FUNCTION
  cache.register_query(text, text, jsonb, jsonb, text),
  cache.request_cancel(text),
  cache.touch(text)
TO flowdeck_api;
