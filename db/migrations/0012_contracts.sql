-- Tenants and contracts in the operator console, and capacity monitoring (12.1.3, CLD.12.4.5).

-- A contract's purge date (CLD.8.1.5): the day its data may be deleted once the contract has
-- ended, computed from ends_on by the contracts module (purgeDateFor) whenever ends_on changes.
ALTER TABLE ops.contracts ADD COLUMN purge_on date;
ALTER TABLE ops.contracts ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE ops.contracts ADD CONSTRAINT contracts_purge_after_end CHECK (purge_on IS NULL OR (ends_on IS NOT NULL AND purge_on > ends_on));

-- Suspension at the tenant's (or the provider's) request: while suspended, nobody of the
-- tenant can sign in and open sessions stop working. The reason is shown to staff.
ALTER TABLE ops.tenants ADD COLUMN suspended_at timestamptz;
ALTER TABLE ops.tenants ADD COLUMN suspension_reason text CHECK (suspension_reason IS NULL OR length(suspension_reason) BETWEEN 1 AND 500);
CREATE INDEX tenants_status_idx ON ops.tenants (status, code);

-- Capacity thresholds changed by staff; a metric without a row uses the default in code.
CREATE TABLE ops.capacity_thresholds (
  metric text PRIMARY KEY CHECK (metric ~ '^[a-z][a-z0-9_]{1,60}$'),
  limit_value double precision NOT NULL CHECK (limit_value >= 0),
  enabled boolean NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid REFERENCES ops.staff (id)
);

-- One row per sampling run (every minute), kept for a day: the console's recent history.
CREATE TABLE ops.capacity_samples (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sampled_at timestamptz NOT NULL,
  node text NOT NULL,
  metrics jsonb NOT NULL
);
CREATE INDEX capacity_samples_time_idx ON ops.capacity_samples (sampled_at DESC);

-- Storage used per tenant as last measured: database bytes (each tenant table's size shared
-- out by the tenant's rows) and stored file bytes. Provider records about a customer.
CREATE TABLE ops.capacity_tenant_usage (
  customer_id uuid PRIMARY KEY REFERENCES ops.tenants (id) ON DELETE CASCADE,
  db_bytes bigint NOT NULL CHECK (db_bytes >= 0),
  file_bytes bigint CHECK (file_bytes IS NULL OR file_bytes >= 0),
  measured_at timestamptz NOT NULL
);
