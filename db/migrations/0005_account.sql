-- Account security: per-account brute-force lockout, password change bookkeeping and
-- password-reset links.

-- Lockout state lives on the user row so one conditional UPDATE under the row lock can
-- reserve an attempt before the password is verified (parallel guesses cannot overrun
-- the limit). failed_logins counts attempts since the last success or lockout;
-- lockout_count counts lockouts since the last success and sets the back-off;
-- last_failed_login_at is stamped when an attempt is reserved and cleared by a success.
ALTER TABLE platform.users
  ADD COLUMN failed_logins int NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  ADD COLUMN lockout_count int NOT NULL DEFAULT 0 CHECK (lockout_count >= 0),
  ADD COLUMN locked_until timestamptz,
  ADD COLUMN last_failed_login_at timestamptz,
  ADD COLUMN password_changed_at timestamptz;

-- Password-reset links. Only the SHA-256 of the random token is stored; a link is used
-- once and expires within an hour. Issuing a new link removes the user's older ones.
CREATE TABLE platform.password_reset_tokens (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  token_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, user_id) REFERENCES platform.users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX password_reset_tokens_user_idx ON platform.password_reset_tokens (tenant_id, user_id);
ALTER TABLE platform.password_reset_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.password_reset_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.password_reset_tokens
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());
