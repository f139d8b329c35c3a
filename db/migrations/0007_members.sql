-- Member management (white paper 9.2.1, 9.2.4): invitations by e-mail (catalog), first-login
-- links for a new tenant's representative, and the expiry of temporary passwords (survey).
-- All three are tenant data: their rows belong to one tenant and are read under RLS. Links
-- carry the tenant id in clear (like the session cookie) so the lookup itself runs under RLS;
-- only the SHA-256 of the random part is stored.

-- One row per person invited to a service. Resending replaces the token of the same row, so
-- only the newest link works and the list never shows duplicates.
CREATE TABLE platform.invitations (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  service text NOT NULL CHECK (service IN ('process', 'catalog', 'survey')),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  email_normalized text NOT NULL,
  role text NOT NULL,
  token_hash text NOT NULL,
  expires_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'revoked')),
  -- The inviter by id and name: the name stays readable after the inviter is deleted.
  invited_by uuid,
  invited_by_name text NOT NULL,
  send_count integer NOT NULL DEFAULT 1 CHECK (send_count >= 1),
  created_at timestamptz NOT NULL,
  last_sent_at timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_user_id uuid,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  CHECK ((status = 'accepted') = (accepted_at IS NOT NULL)),
  CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
);
-- At most one open invitation per person and service: a second invitation is a resend.
CREATE UNIQUE INDEX invitations_pending_idx ON platform.invitations (tenant_id, service, email_normalized) WHERE status = 'pending';
ALTER TABLE platform.invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.invitations
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());

-- The representative's single-use link to set the first password of a new tenant.
CREATE TABLE platform.first_login_links (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  token_hash text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, user_id) REFERENCES platform.users (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE platform.first_login_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.first_login_links FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.first_login_links
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());

-- When a temporary password issued by staff stops working. It matters only while the user
-- still has to change it (platform.users.must_change_password); a changed password never expires.
CREATE TABLE platform.temporary_passwords (
  tenant_id uuid NOT NULL,
  user_id uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  issued_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES platform.users (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE platform.temporary_passwords ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.temporary_passwords FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.temporary_passwords
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());
