-- Database-level setup (spec/flowdb.md §1): PostGIS, UTC time zone, no CONNECT for PUBLIC, the NOLOGIN group roles
-- that hold every grant, and FlowKit's public.flowdb_version table.
-- Roles are cluster-global and many databases of one cluster are migrated (tests, DB_RESET), so role creation is
-- idempotent and serialised cluster-wide by locking pg_authid (a shared catalog; advisory locks are per database).

CREATE EXTENSION IF NOT EXISTS postgis;

LOCK TABLE pg_catalog.pg_authid IN SHARE ROW EXCLUSIVE MODE;

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'flowdeck_engine') THEN
    CREATE ROLE flowdeck_engine NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'flowdeck_api') THEN
    CREATE ROLE flowdeck_api NOLOGIN;
  END IF;
END
$$;

DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET timezone TO ''UTC''', current_database());
  EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO flowdeck_engine, flowdeck_api', current_database());
END
$$;

REVOKE ALL ON SCHEMA public FROM PUBLIC;

CREATE TABLE IF NOT EXISTS public.flowdb_version (
  version text PRIMARY KEY,
  release_date date NOT NULL,
  updated boolean NOT NULL DEFAULT false
);

INSERT INTO public.flowdb_version (version, release_date)
VALUES ('flowdeck-0.1.0', DATE '2025-11-23')
ON CONFLICT (version) DO NOTHING;
