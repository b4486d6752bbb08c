-- services/auth schema (spec/auth.md §12). Every table lives in schema `flowauth` so that DB_RESET and tests
-- drop exactly auth's objects. Applied by @flowdeck/db migrate() under AdvisoryLock.authMigrations.
CREATE SCHEMA IF NOT EXISTS flowauth;

CREATE TABLE flowauth.users (
  id                 serial PRIMARY KEY,
  username           varchar(75) NOT NULL UNIQUE,
  password_hash      text NOT NULL,                 -- argon2id
  is_admin           boolean NOT NULL DEFAULT false,
  require_two_factor boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE flowauth.two_factor_auth (
  user_id    integer PRIMARY KEY REFERENCES flowauth.users (id) ON DELETE CASCADE,
  enabled    boolean NOT NULL DEFAULT true,
  secret_enc text NOT NULL,                         -- KeyRing, AAD 'two_factor_auth.secret'
  last_step  bigint
);

CREATE TABLE flowauth.two_factor_backup (
  id        serial PRIMARY KEY,
  user_id   integer NOT NULL REFERENCES flowauth.users (id) ON DELETE CASCADE,
  code_hash text NOT NULL                           -- argon2id
);
CREATE INDEX two_factor_backup_user_idx ON flowauth.two_factor_backup (user_id);

CREATE TABLE flowauth.servers (
  id                         serial PRIMARY KEY,
  name                       varchar(120) NOT NULL UNIQUE,
  longest_token_life_minutes integer NOT NULL CHECK (longest_token_life_minutes > 0),
  latest_token_expiry        timestamptz
);

CREATE TABLE flowauth.scopes (
  id        serial PRIMARY KEY,
  server_id integer NOT NULL REFERENCES flowauth.servers (id) ON DELETE CASCADE,
  name      varchar(512) NOT NULL,
  enabled   boolean NOT NULL DEFAULT true,
  UNIQUE (server_id, name)
);

CREATE TABLE flowauth.roles (
  id                         serial PRIMARY KEY,
  server_id                  integer NOT NULL REFERENCES flowauth.servers (id) ON DELETE CASCADE,
  name                       varchar(75) NOT NULL,
  longest_token_life_minutes integer NOT NULL CHECK (longest_token_life_minutes > 0),
  latest_token_expiry        timestamptz,
  UNIQUE (server_id, name)
);

CREATE TABLE flowauth.scopes_in_role (
  role_id  integer NOT NULL REFERENCES flowauth.roles (id) ON DELETE CASCADE,
  scope_id integer NOT NULL REFERENCES flowauth.scopes (id) ON DELETE CASCADE,
  PRIMARY KEY (role_id, scope_id)
);

CREATE TABLE flowauth.users_with_roles (
  user_id integer NOT NULL REFERENCES flowauth.users (id) ON DELETE CASCADE,
  role_id integer NOT NULL REFERENCES flowauth.roles (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, role_id)
);

CREATE TABLE flowauth.token_history (
  id              serial PRIMARY KEY,
  name            varchar(75) NOT NULL,
  token_enc       text NOT NULL,                    -- KeyRing, AAD 'token_history.token'
  jti             uuid NOT NULL UNIQUE,
  issued_at       timestamptz NOT NULL,
  expiry          timestamptz NOT NULL,
  revoked_at      timestamptz,
  renewed_from_id integer REFERENCES flowauth.token_history (id) ON DELETE SET NULL,
  signing_kid     text NOT NULL,
  user_id         integer NOT NULL REFERENCES flowauth.users (id) ON DELETE CASCADE,
  server_id       integer NOT NULL REFERENCES flowauth.servers (id) ON DELETE CASCADE
);
CREATE INDEX token_history_user_server_idx ON flowauth.token_history (user_id, server_id);
CREATE INDEX token_history_revoked_idx ON flowauth.token_history (expiry) WHERE revoked_at IS NOT NULL;

-- Roles of a token as minted; role_id is nulled when the role is deleted (the name is kept for the record).
CREATE TABLE flowauth.tokens_with_roles (
  token_id  integer NOT NULL REFERENCES flowauth.token_history (id) ON DELETE CASCADE,
  role_name varchar(75) NOT NULL,
  role_id   integer REFERENCES flowauth.roles (id) ON DELETE SET NULL,
  PRIMARY KEY (token_id, role_name)
);

-- Server-side sessions (auth.md §2); id_hash = sha256 hex of the random session id carried by the cookie.
CREATE TABLE flowauth.sessions (
  id_hash      text PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES flowauth.users (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON flowauth.sessions (user_id);

-- Append-only audit log (auth.md §11.3).
CREATE TABLE flowauth.audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor       text,
  action      text NOT NULL,
  target_type text,
  target_id   text,
  source_ip   text,
  request_id  text,
  detail      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_action_idx ON flowauth.audit_log (action, id);

CREATE FUNCTION flowauth.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'flowauth.audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON flowauth.audit_log
  FOR EACH ROW EXECUTE FUNCTION flowauth.audit_log_append_only();

-- Replay / rate-limit entries of the `database` cache backend (auth.md §10).
CREATE TABLE flowauth.cache_entries (
  key        text PRIMARY KEY,
  value      bigint NOT NULL,
  expires_at timestamptz NOT NULL
);
