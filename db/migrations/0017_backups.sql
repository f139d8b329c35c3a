-- Backups (12.3.1). The catalogue itself is the set of encrypted manifests in BACKUP_DIR, so
-- a restore works when the database is what was lost; these provider tables mirror it for the
-- operator console and keep what only the database sees: failed runs, verifications, restore
-- drills and restores. After a restore the mirror is rebuilt from the manifests.
CREATE TABLE ops.backup_runs (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  trigger text NOT NULL CHECK (trigger IN ('schedule', 'console', 'cli')),
  status text NOT NULL CHECK (status IN ('succeeded', 'failed')),
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  taken_at timestamptz,
  engine text NOT NULL CHECK (engine IN ('pglite', 'postgres')),
  includes_database boolean NOT NULL DEFAULT false,
  file_count integer NOT NULL DEFAULT 0,
  total_bytes bigint NOT NULL DEFAULT 0,
  bytes_added bigint NOT NULL DEFAULT 0,
  chunk_count integer NOT NULL DEFAULT 0,
  new_chunk_count integer NOT NULL DEFAULT 0,
  duration_ms integer NOT NULL DEFAULT 0,
  store_bytes bigint,
  error text CHECK (length(error) <= 2000),
  pruned_at timestamptz,
  CHECK ((status = 'succeeded') = (taken_at IS NOT NULL))
);
CREATE INDEX backup_runs_finished_idx ON ops.backup_runs (finished_at DESC);
CREATE INDEX backup_runs_kept_idx ON ops.backup_runs (taken_at DESC) WHERE status = 'succeeded' AND pruned_at IS NULL;

-- Read-back checks of the backups: verification of chunks, restore drills into a scratch
-- place, and real restores (recorded in the restored database, after the restore).
CREATE TABLE ops.backup_checks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('verify', 'drill', 'restore')),
  backup_id text CHECK (length(backup_id) <= 64),
  target_time timestamptz,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  ok boolean NOT NULL,
  backups_checked integer NOT NULL DEFAULT 0,
  chunks_checked integer NOT NULL DEFAULT 0,
  bytes_checked bigint NOT NULL DEFAULT 0,
  problems jsonb NOT NULL DEFAULT '[]',
  summary jsonb NOT NULL DEFAULT '{}',
  actor_type text NOT NULL CHECK (actor_type IN ('staff', 'system')),
  actor_id uuid,
  actor_name text CHECK (length(actor_name) <= 200)
);
CREATE INDEX backup_checks_kind_idx ON ops.backup_checks (kind, finished_at DESC);
