-- Maintenance notices (12.1.2): staff schedule a maintenance window, every affected tenant's
-- contact address is mailed in advance and reminded the day before, and signed-in users see
-- a banner. Provider records, so no tenant_id: the tenant concerned is customer_id. Like the
-- mail outbox, customer_id and mail_id are not foreign keys: these rows record whom the
-- provider told what and when, and follow their own retention, not the tenant's purge.

CREATE TABLE ops.maintenance_notices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  services text[] NOT NULL,
  description_ja text NOT NULL CHECK (length(description_ja) BETWEEN 1 AND 2000),
  description_en text NOT NULL CHECK (length(description_en) BETWEEN 1 AND 2000),
  -- Urgent work may be announced later than the configured lead time; the reason is kept.
  urgent boolean NOT NULL DEFAULT false,
  urgent_reason text CHECK (length(urgent_reason) BETWEEN 1 AND 500),
  -- Counts the versions tenants were told about; each change adds one.
  revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
  created_by uuid,
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  cancelled_at timestamptz,
  cancelled_by_name text,
  cancel_reason text CHECK (length(cancel_reason) BETWEEN 1 AND 500),
  CHECK (ends_at > starts_at),
  CHECK (cardinality(services) BETWEEN 1 AND 3 AND services <@ ARRAY['process', 'catalog', 'survey']::text[]),
  CHECK (NOT urgent OR urgent_reason IS NOT NULL),
  CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL))
);
CREATE INDEX maintenance_notices_starts_idx ON ops.maintenance_notices (starts_at DESC);

-- The tenants a notice concerns: those affected now, and those a change took out (affected =
-- false), who were told so. The banner and the reminder read this; reminded_at makes the
-- reminder once per tenant and notice, whichever node runs the job.
CREATE TABLE ops.maintenance_tenants (
  notice_id uuid NOT NULL REFERENCES ops.maintenance_notices (id),
  customer_id uuid NOT NULL,
  affected boolean NOT NULL,
  first_notified_at timestamptz NOT NULL,
  last_notified_at timestamptz NOT NULL,
  reminded_at timestamptz,
  PRIMARY KEY (notice_id, customer_id)
);
CREATE INDEX maintenance_tenants_customer_idx ON ops.maintenance_tenants (customer_id, notice_id);

-- Every mail sent about a notice: to which tenant, of which kind, which outbox mail (its
-- delivery status is read from the outbox), and when it was queued.
CREATE TABLE ops.maintenance_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  notice_id uuid NOT NULL REFERENCES ops.maintenance_notices (id),
  customer_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('scheduled', 'reminder', 'changed', 'cancelled')),
  revision integer NOT NULL,
  mail_id uuid NOT NULL,
  to_address text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254),
  sent_at timestamptz NOT NULL
);
CREATE INDEX maintenance_notifications_notice_idx ON ops.maintenance_notifications (notice_id, sent_at);
CREATE UNIQUE INDEX maintenance_notifications_one_reminder ON ops.maintenance_notifications (notice_id, customer_id) WHERE kind = 'reminder';
