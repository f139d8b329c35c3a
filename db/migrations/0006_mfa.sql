-- Multi-factor authentication (9.2.3): per-tenant data keys that encrypt secrets at rest,
-- TOTP authenticators, one-time recovery codes, passkeys (WebAuthn), sign-in challenges
-- and the short-lived WebAuthn ceremonies of passkey registration.

-- A tenant's data keys, each wrapped by the deployment's master key. Destroying a tenant's
-- rows here makes every value encrypted under them unreadable (crypto-shredding).
CREATE TABLE platform.tenant_keys (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  version int NOT NULL CHECK (version >= 1),
  wrapped_key text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, version)
);
ALTER TABLE platform.tenant_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.tenant_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.tenant_keys
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());

-- One authenticator app per user. A row without confirmed_at is an enrolment in progress.
-- last_used_step is the 30-second step of the last accepted code: a code is never accepted twice.
CREATE TABLE platform.mfa_totp (
  tenant_id uuid NOT NULL,
  user_id uuid NOT NULL,
  secret_encrypted text NOT NULL,
  confirmed_at timestamptz,
  last_used_step bigint,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES platform.users (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE platform.mfa_totp ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.mfa_totp FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.mfa_totp
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());

-- Recovery codes, stored only as SHA-256 of the random code; each is used at most once.
CREATE TABLE platform.mfa_recovery_codes (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  code_hash text NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, user_id, code_hash),
  FOREIGN KEY (tenant_id, user_id) REFERENCES platform.users (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE platform.mfa_recovery_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.mfa_recovery_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.mfa_recovery_codes
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());

-- Passkeys (WebAuthn credentials): id and public key as base64url, the signature counter.
CREATE TABLE platform.passkeys (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  credential_id text NOT NULL,
  public_key text NOT NULL,
  counter bigint NOT NULL DEFAULT 0 CHECK (counter >= 0),
  transports text[] NOT NULL DEFAULT '{}',
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, credential_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES platform.users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX passkeys_user_idx ON platform.passkeys (tenant_id, user_id);
ALTER TABLE platform.passkeys ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.passkeys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.passkeys
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());

-- A sign-in waiting for its second factor: the token is stored hashed, bound to tenant and
-- user, expires, is used once, and dies after a few wrong answers.
CREATE TABLE platform.mfa_challenges (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  token_hash text NOT NULL,
  enrolment_required boolean NOT NULL,
  webauthn_challenge text,
  attempts int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, user_id) REFERENCES platform.users (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE platform.mfa_challenges ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.mfa_challenges FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.mfa_challenges
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());

-- The random challenge of a passkey registration by a signed-in user, used once.
CREATE TABLE platform.webauthn_ceremonies (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  challenge text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES platform.users (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE platform.webauthn_ceremonies ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.webauthn_ceremonies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.webauthn_ceremonies
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());
