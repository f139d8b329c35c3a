-- Staff alerts: a condition that needs the provider's attention (a notification deadline
-- nearing, a capacity threshold crossed, a backup failing). One open row per condition key,
-- so a breach mails the staff address once, not every time it is checked; resolving the
-- condition closes the row and a later breach opens (and mails) a new one.
CREATE TABLE ops.staff_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
  customer_id uuid,
  summary_ja text NOT NULL,
  summary_en text NOT NULL,
  opened_at timestamptz NOT NULL,
  resolved_at timestamptz,
  mail_id uuid
);
CREATE UNIQUE INDEX staff_alerts_open_key ON ops.staff_alerts (key) WHERE resolved_at IS NULL;
CREATE INDEX staff_alerts_opened_idx ON ops.staff_alerts (opened_at DESC);

-- The day a tenant's data may be deleted: set when every contract of the tenant has ended
-- (the latest purge date of its contracts, CLD.8.1.5), cleared when a contract is renewed.
-- The contracts module keeps it current; the lifecycle module's purge job reads it.
ALTER TABLE ops.tenants ADD COLUMN purge_on date;
CREATE INDEX tenants_purge_on_idx ON ops.tenants (purge_on) WHERE purge_on IS NOT NULL;
