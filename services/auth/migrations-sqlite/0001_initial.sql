-- services/auth schema for SQLite (spec/auth.md §12; deployment.md §2.5): the same tables and columns as
-- migrations/0001_initial.sql, in SQLite's dialect. The auth database file is ATTACHed as schema `flowauth`, so
-- table names are qualified for creation and unqualified inside REFERENCES, indexes and triggers (SQLite rule).
-- Times are INTEGER milliseconds since the epoch (knex binds Date values so), booleans INTEGER 0/1.

CREATE TABLE flowauth.users (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  username           TEXT NOT NULL UNIQUE CHECK (length(username) <= 75),
  password_hash      TEXT NOT NULL,
  is_admin           INTEGER NOT NULL DEFAULT 0,
  require_two_factor INTEGER NOT NULL DEFAULT 0,
  created_at         INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
);

CREATE TABLE flowauth.two_factor_auth (
  user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  enabled    INTEGER NOT NULL DEFAULT 1,
  secret_enc TEXT NOT NULL,
  last_step  INTEGER
);

CREATE TABLE flowauth.two_factor_backup (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL
);
CREATE INDEX flowauth.two_factor_backup_user_idx ON two_factor_backup (user_id);

CREATE TABLE flowauth.servers (
  id                         INTEGER PRIMARY KEY AUTOINCREMENT,
  name                       TEXT NOT NULL UNIQUE CHECK (length(name) <= 120),
  longest_token_life_minutes INTEGER NOT NULL CHECK (longest_token_life_minutes > 0),
  latest_token_expiry        INTEGER
);

CREATE TABLE flowauth.scopes (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  server_id INTEGER NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
  name      TEXT NOT NULL CHECK (length(name) <= 512),
  enabled   INTEGER NOT NULL DEFAULT 1,
  UNIQUE (server_id, name)
);

CREATE TABLE flowauth.roles (
  id                         INTEGER PRIMARY KEY AUTOINCREMENT,
  server_id                  INTEGER NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
  name                       TEXT NOT NULL CHECK (length(name) <= 75),
  longest_token_life_minutes INTEGER NOT NULL CHECK (longest_token_life_minutes > 0),
  latest_token_expiry        INTEGER,
  UNIQUE (server_id, name)
);

CREATE TABLE flowauth.scopes_in_role (
  role_id  INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  scope_id INTEGER NOT NULL REFERENCES scopes (id) ON DELETE CASCADE,
  PRIMARY KEY (role_id, scope_id)
);

CREATE TABLE flowauth.users_with_roles (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_id INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, role_id)
);

CREATE TABLE flowauth.token_history (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  name            TEXT NOT NULL CHECK (length(name) <= 75),
  token_enc       TEXT NOT NULL,
  jti             TEXT NOT NULL UNIQUE,
  issued_at       INTEGER NOT NULL,
  expiry          INTEGER NOT NULL,
  revoked_at      INTEGER,
  renewed_from_id INTEGER REFERENCES token_history (id) ON DELETE SET NULL,
  signing_kid     TEXT NOT NULL,
  user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  server_id       INTEGER NOT NULL REFERENCES servers (id) ON DELETE CASCADE
);
CREATE INDEX flowauth.token_history_user_server_idx ON token_history (user_id, server_id);
CREATE INDEX flowauth.token_history_revoked_idx ON token_history (expiry) WHERE revoked_at IS NOT NULL;

CREATE TABLE flowauth.tokens_with_roles (
  token_id  INTEGER NOT NULL REFERENCES token_history (id) ON DELETE CASCADE,
  role_name TEXT NOT NULL,
  role_id   INTEGER REFERENCES roles (id) ON DELETE SET NULL,
  PRIMARY KEY (token_id, role_name)
);

CREATE TABLE flowauth.sessions (
  id_hash      TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX flowauth.sessions_user_idx ON sessions (user_id);

CREATE TABLE flowauth.audit_log (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  actor       TEXT,
  action      TEXT NOT NULL,
  target_type TEXT,
  target_id   TEXT,
  source_ip   TEXT,
  request_id  TEXT,
  detail      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX flowauth.audit_log_action_idx ON audit_log (action, id);

CREATE TRIGGER flowauth.audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'flowauth.audit_log is append-only');
END;
CREATE TRIGGER flowauth.audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'flowauth.audit_log is append-only');
END;

CREATE TABLE flowauth.cache_entries (
  key        TEXT PRIMARY KEY,
  value      INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
