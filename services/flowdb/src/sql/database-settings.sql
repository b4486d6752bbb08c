-- Per-database settings of spec/flowdb.md §1 for the current database: time zone UTC, no CONNECT for PUBLIC,
-- CONNECT for the two group roles. Re-applied at every run because CREATE DATABASE ... TEMPLATE does not copy
-- database-level settings and grants. No parameters; returns nothing.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET timezone TO ''UTC''', current_database());
  EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO flowdeck_engine, flowdeck_api', current_database());
END
$$;
