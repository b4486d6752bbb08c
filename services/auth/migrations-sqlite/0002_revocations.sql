-- SQLite twin of migrations/0002_revocations.sql: revocation entries that outlive their token record.
CREATE TABLE flowauth.revoked_tokens (
  jti        TEXT PRIMARY KEY,
  aud        TEXT NOT NULL,
  expiry     INTEGER NOT NULL,
  revoked_at INTEGER NOT NULL,
  reason     TEXT NOT NULL
);
CREATE INDEX flowauth.revoked_tokens_expiry_idx ON revoked_tokens (expiry);
