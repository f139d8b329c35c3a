-- Outgoing mail. A mail is written here in the transaction of the action that causes it,
-- together with its delivery job, so a committed action always gets its mail and a
-- rolled-back one sends none. Provider operations, so no tenant_id: the tenant a mail
-- concerns is customer_id (not a foreign key: outbox rows follow their own retention,
-- and the tenant purge deletes them by customer_id).

CREATE TABLE ops.mail_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid,
  to_address text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254),
  subject text NOT NULL CHECK (length(subject) <= 500),
  -- Bodies carry single-use links and temporary passwords; they are cleared once the
  -- mail has left (sent) or will never leave (failed). Captured mails keep them for the
  -- local mailbox page.
  text_body text,
  html_body text,
  template text NOT NULL,
  lang text NOT NULL CHECK (lang IN ('ja', 'en')),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'captured')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text CHECK (length(last_error) <= 500),
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  CHECK (status <> 'queued' OR text_body IS NOT NULL)
);
CREATE INDEX mail_outbox_created_idx ON ops.mail_outbox (created_at DESC);
CREATE INDEX mail_outbox_customer_idx ON ops.mail_outbox (customer_id) WHERE customer_id IS NOT NULL;
