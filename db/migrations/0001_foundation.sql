-- Foundation: roles, schemas, tenancy, users, sessions, staff, audit tables.
-- Schemas keep the kinds of data apart (8.1.1): tenant data (platform + one schema per
-- service), provider operations (ops) and logs (audit).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sotas_app') THEN
    CREATE ROLE sotas_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  -- Another database of the same cluster created it at the same moment.
  NULL;
END
$$;

CREATE SCHEMA IF NOT EXISTS ops;
CREATE SCHEMA IF NOT EXISTS platform;
CREATE SCHEMA IF NOT EXISTS audit;
CREATE SCHEMA IF NOT EXISTS process;
CREATE SCHEMA IF NOT EXISTS catalog;
CREATE SCHEMA IF NOT EXISTS survey;

-- The tenant of the current transaction, set by withTenant(); NULL when none is set.
CREATE FUNCTION platform.current_tenant() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

-- Provider operations. A tenant here is the subject of provider records (customer_id),
-- not the owner of the row, so these tables are not tenant data and carry no tenant_id.
CREATE TABLE ops.tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,31}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  representative_email text NOT NULL,
  contact_email text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'ended')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ops.contracts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL REFERENCES ops.tenants (id),
  service text NOT NULL CHECK (service IN ('process', 'catalog', 'survey')),
  starts_on date NOT NULL,
  ends_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX contracts_customer_idx ON ops.contracts (customer_id, service);

CREATE TABLE ops.staff (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  email_normalized text NOT NULL UNIQUE,
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  password_hash text NOT NULL,
  roles text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One-time links that create the very first staff account.
CREATE TABLE ops.staff_setup_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- At most one row ever: the bootstrap happened. A second bootstrap fails on the key.
CREATE TABLE ops.staff_bootstrap (
  id int PRIMARY KEY CHECK (id = 1),
  staff_id uuid NOT NULL REFERENCES ops.staff (id),
  done_at timestamptz NOT NULL DEFAULT now()
);

-- Tenant data: users, memberships, sessions.
CREATE TABLE platform.users (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  email text NOT NULL,
  email_normalized text NOT NULL,
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  locale text NOT NULL DEFAULT 'ja' CHECK (locale IN ('ja', 'en')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  password_hash text,
  must_change_password boolean NOT NULL DEFAULT false,
  remarks text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email_normalized)
);
ALTER TABLE platform.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.users
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());

CREATE TABLE platform.memberships (
  tenant_id uuid NOT NULL,
  user_id uuid NOT NULL,
  service text NOT NULL CHECK (service IN ('process', 'catalog', 'survey')),
  role text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, service),
  FOREIGN KEY (tenant_id, user_id) REFERENCES platform.users (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE platform.memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.memberships
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());

CREATE TABLE platform.sessions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  token_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, user_id) REFERENCES platform.users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_user_idx ON platform.sessions (tenant_id, user_id);
ALTER TABLE platform.sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.sessions
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());

-- Logs. The application role may insert and read, never change (see grants.sql).
CREATE TABLE audit.tenant_events (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  occurred_at timestamptz NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'staff', 'system', 'anonymous')),
  actor_id uuid,
  actor_name text,
  action text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  target_type text,
  target_id text,
  result text NOT NULL CHECK (result IN ('success', 'failure', 'denied')),
  reason text,
  ip text,
  user_agent text,
  request_id text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX tenant_events_time_idx ON audit.tenant_events (tenant_id, occurred_at);
ALTER TABLE audit.tenant_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit.tenant_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit.tenant_events
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());

CREATE TABLE audit.operator_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  occurred_at timestamptz NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('staff', 'system', 'anonymous')),
  actor_id uuid,
  actor_name text,
  action text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  customer_id uuid,
  target_type text,
  target_id text,
  result text NOT NULL CHECK (result IN ('success', 'failure', 'denied')),
  reason text,
  ip text,
  user_agent text,
  request_id text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX operator_events_time_idx ON audit.operator_events (occurred_at);
