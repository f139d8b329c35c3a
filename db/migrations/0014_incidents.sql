-- Incidents (16.1.1): what happened, when it occurred and when it was confirmed, how severe,
-- which services and tenants it affected, and the notification deadline counted from the
-- occurrence. Provider records in ops: a tenant is the subject of an incident (customer_id),
-- not its owner, so these tables carry no tenant_id and no RLS. customer_id is not a foreign
-- key: incident records follow their own retention ('incident_records', 18.1.3) and outlive a
-- purged tenant, so the tenant's name and code are kept as they were when it was affected.

CREATE TABLE ops.incidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
  severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  services text[] NOT NULL CHECK (cardinality(services) BETWEEN 1 AND 3 AND services <@ ARRAY['process', 'catalog', 'survey']::text[]),
  -- How the affected tenants were chosen: every tenant with a contract for an affected
  -- service on the day it occurred, or a list the staff member picked.
  tenant_scope text NOT NULL CHECK (tenant_scope IN ('contracted', 'selected')),
  occurred_at timestamptz NOT NULL,
  confirmed_at timestamptz NOT NULL,
  -- Fixed when recorded, so a later holiday-calendar update never moves a past deadline.
  notification_deadline timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  recorded_at timestamptz NOT NULL,
  recorded_by uuid NOT NULL,
  recorded_by_name text NOT NULL,
  closed_at timestamptz,
  closed_by uuid,
  closed_by_name text,
  CHECK (confirmed_at >= occurred_at),
  CHECK (notification_deadline > occurred_at),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX incidents_occurred_idx ON ops.incidents (occurred_at DESC);
CREATE INDEX incidents_open_deadline_idx ON ops.incidents (notification_deadline) WHERE status = 'open';

-- Every mail sent about an incident: the first notice, updates and the closure, with the
-- text the staff member wrote (the rest of the mail is the template).
CREATE TABLE ops.incident_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES ops.incidents (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('notification', 'update', 'closure')),
  lang text NOT NULL CHECK (lang IN ('ja', 'en')),
  message text NOT NULL CHECK (length(message) BETWEEN 1 AND 4000),
  sent_at timestamptz NOT NULL,
  sent_by uuid NOT NULL,
  sent_by_name text NOT NULL
);
CREATE INDEX incident_messages_incident_idx ON ops.incident_messages (incident_id, sent_at);

-- The tenants an incident affected and whether (and when) each was notified. met_deadline is
-- decided once, when the first notice is sent: sent_at ≤ the incident's deadline.
CREATE TABLE ops.incident_tenants (
  incident_id uuid NOT NULL REFERENCES ops.incidents (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL,
  tenant_code text NOT NULL,
  tenant_name text NOT NULL,
  notified_at timestamptz,
  notified_message_id uuid REFERENCES ops.incident_messages (id),
  met_deadline boolean,
  PRIMARY KEY (incident_id, customer_id),
  CHECK ((notified_at IS NULL) = (met_deadline IS NULL) AND (notified_at IS NULL) = (notified_message_id IS NULL))
);
CREATE INDEX incident_tenants_customer_idx ON ops.incident_tenants (customer_id);
CREATE INDEX incident_tenants_unsent_idx ON ops.incident_tenants (incident_id) WHERE notified_at IS NULL;

-- Who each message went to: the address it was sent to then and its outbox mail (whose
-- delivery status the console shows; the outbox is not a foreign key, it has its own retention).
CREATE TABLE ops.incident_message_recipients (
  message_id uuid NOT NULL REFERENCES ops.incident_messages (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL,
  to_address text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254),
  mail_id uuid NOT NULL,
  PRIMARY KEY (message_id, customer_id)
);
CREATE INDEX incident_message_recipients_customer_idx ON ops.incident_message_recipients (customer_id);
