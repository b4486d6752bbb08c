-- Creates or updates the LOGIN roles of the engine and the api (spec/flowdb.md §1): password (re)set from the
-- secrets, INHERIT, never superuser, member of its group role and not of the other one.
-- Parameters: transaction-local settings flowdeck.engine_user, flowdeck.engine_password, flowdeck.api_user and
-- flowdeck.api_password, set by the caller with set_config(..., true); names and passwords are quoted here with
-- format('%I') / format('%L'), never spliced. The caller holds a lock on pg_authid (roles are cluster-global).
-- Returns nothing; raises on a reserved, duplicate or superuser role name.
DO $$
DECLARE
  r record;
BEGIN
  IF current_setting('flowdeck.engine_user') = current_setting('flowdeck.api_user') THEN
    RAISE EXCEPTION 'FLOWMACHINE_FLOWDB_USER and FLOWAPI_FLOWDB_USER must differ';
  END IF;
  FOR r IN
    SELECT *
    FROM (
      VALUES
        (current_setting('flowdeck.engine_user'), current_setting('flowdeck.engine_password'), 'flowdeck_engine', 'flowdeck_api'),
        (current_setting('flowdeck.api_user'), current_setting('flowdeck.api_password'), 'flowdeck_api', 'flowdeck_engine')
    ) AS v (name, password, member_of, not_member_of)
  LOOP
    IF r.name IN ('flowdeck_engine', 'flowdeck_api', 'public') OR r.name LIKE 'pg\_%' OR r.name = current_user THEN
      RAISE EXCEPTION 'Role name % is reserved and cannot be used as a service login role', r.name;
    END IF;
    IF EXISTS (SELECT FROM pg_catalog.pg_roles AS x WHERE x.rolname = r.name AND x.rolsuper) THEN
      RAISE EXCEPTION 'Role % is a superuser; refusing to use it as a service login role', r.name;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles AS x WHERE x.rolname = r.name) THEN
      EXECUTE format('CREATE ROLE %I WITH LOGIN INHERIT PASSWORD %L', r.name, r.password);
    ELSE
      EXECUTE format(
        'ALTER ROLE %I WITH LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L',
        r.name, r.password
      );
    END IF;
    IF NOT EXISTS (
      SELECT FROM pg_catalog.pg_auth_members AS m
      WHERE m.member = (SELECT x.oid FROM pg_catalog.pg_roles AS x WHERE x.rolname = r.name)
        AND m.roleid = (SELECT x.oid FROM pg_catalog.pg_roles AS x WHERE x.rolname = r.member_of)
    ) THEN
      EXECUTE format('GRANT %I TO %I', r.member_of, r.name);
    END IF;
    IF EXISTS (
      SELECT FROM pg_catalog.pg_auth_members AS m
      WHERE m.member = (SELECT x.oid FROM pg_catalog.pg_roles AS x WHERE x.rolname = r.name)
        AND m.roleid = (SELECT x.oid FROM pg_catalog.pg_roles AS x WHERE x.rolname = r.not_member_of)
    ) THEN
      EXECUTE format('REVOKE %I FROM %I', r.not_member_of, r.name);
    END IF;
  END LOOP;
END
$$;
