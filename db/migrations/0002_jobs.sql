-- Background jobs: one queue in PostgreSQL shared by every app node. A node claims a job
-- with FOR UPDATE SKIP LOCKED and holds it by a lease (locked_until); when a node dies
-- its lease runs out and another node takes the job over. Provider operations, so no
-- tenant_id: a job about a tenant names it in customer_id.

CREATE TABLE ops.jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$'),
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  customer_id uuid,
  run_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts BETWEEN 1 AND 100),
  locked_by text,
  locked_until timestamptz,
  -- Kept short and free of payloads and credentials by the runner.
  last_error text CHECK (length(last_error) <= 500),
  -- Deduplicates per job name for as long as the row exists (recurring jobs use name@period).
  singleton_key text CHECK (length(singleton_key) <= 200),
  created_at timestamptz NOT NULL,
  finished_at timestamptz,
  UNIQUE (name, singleton_key),
  CHECK ((status = 'running') = (locked_by IS NOT NULL AND locked_until IS NOT NULL))
);
CREATE INDEX jobs_claim_idx ON ops.jobs (status, run_at);
CREATE INDEX jobs_customer_idx ON ops.jobs (customer_id) WHERE customer_id IS NOT NULL;

-- Recurring jobs. The node whose UPDATE moves next_run_at forward enqueues the period's
-- job; the (name, singleton_key) key stops a second insert even if two nodes race.
CREATE TABLE ops.job_schedules (
  name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$'),
  every_ms bigint NOT NULL CHECK (every_ms >= 1000),
  next_run_at timestamptz NOT NULL,
  last_enqueued_at timestamptz,
  updated_at timestamptz NOT NULL
);
