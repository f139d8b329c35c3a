-- Operator console: staff accounts managed by security officers, staff lockout, invited
-- staff who set their own password through a one-time link, staff training records (7.2.2)
-- and security reports from users and outsiders (16.1.2). All provider records: `ops`.

-- Lockout (5 consecutive wrong passwords or codes lock the account for 15 minutes) and
-- the last completed sign-in, shown in the staff list.
ALTER TABLE ops.staff ADD COLUMN failed_logins int NOT NULL DEFAULT 0 CHECK (failed_logins >= 0);
ALTER TABLE ops.staff ADD COLUMN last_failed_login_at timestamptz;
ALTER TABLE ops.staff ADD COLUMN locked_until timestamptz;
ALTER TABLE ops.staff ADD COLUMN last_sign_in_at timestamptz;
ALTER TABLE ops.staff ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- An invited staff member exists before they chose a password: status `invited`, no hash.
-- An invitation withdrawn by disabling the account keeps no hash either; only an active
-- account must have one.
ALTER TABLE ops.staff ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE ops.staff DROP CONSTRAINT staff_status_check;
ALTER TABLE ops.staff ADD CONSTRAINT staff_status_check CHECK (status IN ('invited', 'active', 'disabled'));
ALTER TABLE ops.staff ADD CONSTRAINT staff_active_has_password CHECK (status <> 'active' OR password_hash IS NOT NULL);

-- A setup link either bootstraps the very first account (staff_id NULL, possible once) or
-- belongs to one invited staff member.
ALTER TABLE ops.staff_setup_tokens ADD COLUMN staff_id uuid REFERENCES ops.staff (id) ON DELETE CASCADE;
CREATE INDEX staff_setup_tokens_staff_idx ON ops.staff_setup_tokens (staff_id) WHERE staff_id IS NOT NULL;

-- Training records (7.2.2): what each staff member took, when, the score and when it is due again.
CREATE TABLE ops.staff_training (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  staff_id uuid NOT NULL REFERENCES ops.staff (id) ON DELETE CASCADE,
  course text NOT NULL CHECK (length(course) BETWEEN 1 AND 200),
  -- The course folded (NFKC, lower case, single spaces): a later record of the same course supersedes an earlier one.
  course_key text NOT NULL CHECK (length(course_key) BETWEEN 1 AND 200),
  taken_on date NOT NULL,
  score int CHECK (score BETWEEN 0 AND 100),
  next_due_on date,
  recorded_by uuid REFERENCES ops.staff (id),
  recorded_by_name text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK (next_due_on IS NULL OR next_due_on > taken_on)
);
CREATE INDEX staff_training_staff_idx ON ops.staff_training (staff_id, course_key, taken_on DESC);

-- Security reports (16.1.2): sent through the public form by anyone, triaged by staff.
CREATE TABLE ops.security_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE CHECK (reference ~ '^SR-[0-9]{8}-[A-Z0-9]{6}$'),
  reporter_name text CHECK (length(reporter_name) BETWEEN 1 AND 100),
  reporter_email text CHECK (length(reporter_email) BETWEEN 3 AND 254),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 20000),
  affected text CHECK (length(affected) BETWEEN 1 AND 500),
  lang text NOT NULL CHECK (lang IN ('ja', 'en')),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'triaging', 'resolved', 'rejected')),
  assignee_id uuid REFERENCES ops.staff (id),
  received_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX security_reports_received_idx ON ops.security_reports (received_at DESC);
CREATE INDEX security_reports_status_idx ON ops.security_reports (status, received_at DESC);

-- Staff notes on a report, oldest first; the status and assignee changes are in the operator log.
CREATE TABLE ops.security_report_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id uuid NOT NULL REFERENCES ops.security_reports (id) ON DELETE CASCADE,
  staff_id uuid REFERENCES ops.staff (id),
  staff_name text NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  created_at timestamptz NOT NULL
);
CREATE INDEX security_report_notes_report_idx ON ops.security_report_notes (report_id, created_at);
