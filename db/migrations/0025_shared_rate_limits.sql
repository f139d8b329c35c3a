-- Request rate limits shared by every app node on PostgreSQL: one counter per limit and
-- client address for the current window. Counters are worth nothing after a crash, so the
-- table is unlogged (no WAL, emptied by crash recovery). Provider data, no tenant_id.
CREATE UNLOGGED TABLE ops.rate_limits (
  key text PRIMARY KEY CHECK (length(key) <= 600),
  hits integer NOT NULL CHECK (hits >= 1),
  window_ends_at timestamptz NOT NULL
);
CREATE INDEX rate_limits_window_idx ON ops.rate_limits (window_ends_at);
