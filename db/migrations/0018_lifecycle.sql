-- Data lifecycle (CLD.8.1.5): tenant exports, purge reminders, the purge two months after
-- contract end, and deletion certificates. Decisions: docs/decisions/0012-tenant-export-and-purge.md.

-- A tenant's export of all its data, started by one of its admins and built by a background
-- job into one zip, stored encrypted like every tenant file (a per-file key sealed with the
-- tenant's data key) and downloadable until expires_at. Tenant data: its record of its exports.
CREATE TABLE platform.data_exports (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL,
  requested_by uuid NOT NULL,
  requested_by_name text NOT NULL CHECK (length(requested_by_name) BETWEEN 1 AND 200),
  lang text NOT NULL CHECK (lang IN ('ja', 'en')),
  status text NOT NULL CHECK (status IN ('queued', 'running', 'ready', 'failed', 'expired')),
  rows_done bigint NOT NULL DEFAULT 0 CHECK (rows_done >= 0),
  rows_total bigint NOT NULL DEFAULT 0 CHECK (rows_total >= 0),
  files_done int NOT NULL DEFAULT 0 CHECK (files_done >= 0),
  storage_key text,
  -- The version of the tenant's data key the stored archive is sealed under.
  key_version int CHECK (key_version >= 1),
  bytes bigint CHECK (bytes >= 0),
  -- SHA-256 of the zip as downloaded, so a copy can be checked.
  sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  manifest jsonb,
  error_code text CHECK (length(error_code) <= 100),
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  expires_at timestamptz,
  download_count int NOT NULL DEFAULT 0 CHECK (download_count >= 0),
  last_downloaded_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  CHECK (status <> 'ready' OR (storage_key IS NOT NULL AND key_version IS NOT NULL AND expires_at IS NOT NULL))
);
CREATE INDEX data_exports_created_idx ON platform.data_exports (tenant_id, created_at DESC);
-- One export at a time per tenant: a second start while one is queued or running fails here.
CREATE UNIQUE INDEX data_exports_one_active_idx ON platform.data_exports (tenant_id) WHERE status IN ('queued', 'running');
ALTER TABLE platform.data_exports ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.data_exports FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.data_exports
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());

-- A purged tenant keeps its row (the company code stays reserved) without personal data.
ALTER TABLE ops.tenants DROP CONSTRAINT IF EXISTS tenants_status_check;
ALTER TABLE ops.tenants ADD CONSTRAINT tenants_status_check CHECK (status IN ('active', 'suspended', 'ended', 'purged'));

-- Reminders before the purge date, one row per reminder sent (30 and 7 days before), so
-- each goes out once. A renewal that later ends again has a new purge date and new reminders.
CREATE TABLE ops.purge_reminders (
  customer_id uuid NOT NULL REFERENCES ops.tenants (id),
  purge_on date NOT NULL,
  days_before int NOT NULL CHECK (days_before IN (30, 7)),
  mail_id uuid,
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (customer_id, purge_on, days_before)
);

-- The record of a purge, written as it runs (status in_progress, counts added step by step,
-- so a purge interrupted and run again still certifies everything it deleted) and completed
-- in the transaction that destroys the tenant's data keys. Provider record: kept.
CREATE TABLE ops.deletion_certificates (
  id uuid PRIMARY KEY,
  customer_id uuid NOT NULL UNIQUE REFERENCES ops.tenants (id),
  tenant_code text NOT NULL,
  tenant_name text NOT NULL,
  -- The former contact address, kept only to deliver this certificate.
  contact_email text,
  contract_ended_on date,
  purge_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('in_progress', 'completed')),
  started_at timestamptz NOT NULL,
  -- Rows deleted per tenant table (schema.table → count).
  rows_deleted jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Provider records about the tenant that were deleted or cleared (record → count).
  provider_records jsonb NOT NULL DEFAULT '{}'::jsonb,
  files_deleted int CHECK (files_deleted >= 0),
  keys_destroyed int CHECK (keys_destroyed >= 0),
  key_destroyed_at timestamptz,
  completed_at timestamptz,
  -- What ran it: the job (name and id).
  run_by text NOT NULL CHECK (length(run_by) BETWEEN 1 AND 200),
  CHECK (status <> 'completed' OR (completed_at IS NOT NULL AND key_destroyed_at IS NOT NULL AND files_deleted IS NOT NULL))
);
CREATE INDEX deletion_certificates_completed_idx ON ops.deletion_certificates (completed_at DESC);

-- Each time staff e-mailed a certificate, and to whom.
CREATE TABLE ops.deletion_certificate_sends (
  id uuid PRIMARY KEY,
  certificate_id uuid NOT NULL REFERENCES ops.deletion_certificates (id),
  to_address text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254),
  mail_id uuid NOT NULL,
  sent_by uuid NOT NULL REFERENCES ops.staff (id),
  sent_by_name text NOT NULL,
  sent_at timestamptz NOT NULL
);
CREATE INDEX deletion_certificate_sends_cert_idx ON ops.deletion_certificate_sends (certificate_id, sent_at);
