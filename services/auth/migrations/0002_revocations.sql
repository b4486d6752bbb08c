-- Revocation entries that outlive their token record (tokens.md §8; docs/revocation.md). Deleting a user or a
-- server removes its token_history rows (ON DELETE CASCADE); its unexpired tokens are first copied here, revoked,
-- so the published revocation list keeps refusing them until their own expiry.
CREATE TABLE flowauth.revoked_tokens (
  jti        uuid PRIMARY KEY,
  aud        text NOT NULL,
  expiry     timestamptz NOT NULL,
  revoked_at timestamptz NOT NULL,
  reason     text NOT NULL
);
CREATE INDEX revoked_tokens_expiry_idx ON flowauth.revoked_tokens (expiry);
