-- Per-tenant security settings: MFA required (switchable by staff at the tenant's request and
-- by the tenant's admins), and session lifetimes within the bounds the platform allows.
CREATE TABLE platform.tenant_settings (
  tenant_id uuid PRIMARY KEY REFERENCES ops.tenants (id),
  mfa_required boolean NOT NULL DEFAULT false,
  session_idle_minutes int CHECK (session_idle_minutes BETWEEN 5 AND 480),
  session_absolute_hours int CHECK (session_absolute_hours BETWEEN 1 AND 72),
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE platform.tenant_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.tenant_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.tenant_settings
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());
