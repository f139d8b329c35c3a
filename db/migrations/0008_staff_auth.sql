-- Staff sign-in: sessions, second-factor challenges and TOTP. Staff accounts always use MFA;
-- they live in `ops` and can never sign in to a tenant.
CREATE TABLE ops.staff_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  staff_id uuid NOT NULL REFERENCES ops.staff (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text,
  revoked_at timestamptz
);
CREATE INDEX staff_sessions_staff_idx ON ops.staff_sessions (staff_id);

CREATE TABLE ops.staff_login_challenges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  staff_id uuid NOT NULL REFERENCES ops.staff (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  enrolment boolean NOT NULL,
  pending_secret text,
  attempts int NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL
);

CREATE TABLE ops.staff_totp (
  staff_id uuid PRIMARY KEY REFERENCES ops.staff (id) ON DELETE CASCADE,
  secret_ciphertext text NOT NULL,
  last_used_step bigint,
  confirmed_at timestamptz NOT NULL
);
