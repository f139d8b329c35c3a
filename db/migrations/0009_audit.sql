-- Event logs and the operator work log as tamper-evident hash chains (12.4.1, 12.4.3), signed
-- checkpoints, retention with legal holds (18.1.3), evidence exports and legal disclosure
-- records (16.1.7), and break-glass grants for staff access to a tenant's data (13.1.3).
-- Chain format and verification: docs/audit.md.

-- Chain columns. Rows written before this migration stay outside the chains and are marked
-- pre_chain; a trigger below refuses any new pre_chain row, so the mark cannot be forged.
ALTER TABLE audit.tenant_events
  ADD COLUMN seq bigint CHECK (seq >= 1),
  ADD COLUMN prev_hash text CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  ADD COLUMN hash text CHECK (hash ~ '^[0-9a-f]{64}$'),
  ADD COLUMN session_hash text,
  ADD COLUMN target_labels text[] NOT NULL DEFAULT '{}',
  ADD COLUMN changes jsonb,
  ADD COLUMN pre_chain boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT tenant_events_chain_complete CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev_hash IS NULL));
UPDATE audit.tenant_events SET pre_chain = true;
CREATE UNIQUE INDEX tenant_events_seq_idx ON audit.tenant_events (tenant_id, seq);
CREATE INDEX tenant_events_action_idx ON audit.tenant_events (tenant_id, action);

ALTER TABLE audit.operator_events
  ADD COLUMN seq bigint CHECK (seq >= 1),
  ADD COLUMN prev_hash text CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  ADD COLUMN hash text CHECK (hash ~ '^[0-9a-f]{64}$'),
  ADD COLUMN session_hash text,
  ADD COLUMN target_labels text[] NOT NULL DEFAULT '{}',
  ADD COLUMN changes jsonb,
  ADD COLUMN pre_chain boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT operator_events_chain_complete CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev_hash IS NULL));
UPDATE audit.operator_events SET pre_chain = true;
CREATE UNIQUE INDEX operator_events_seq_idx ON audit.operator_events (seq);
CREATE INDEX operator_events_customer_idx ON audit.operator_events (customer_id, occurred_at) WHERE customer_id IS NOT NULL;

-- Chain heads: the last sequence number and hash of each chain. Writers lock the head row in
-- their transaction (the app role may UPDATE these tables and no other audit table).
CREATE TABLE audit.tenant_chain_heads (
  tenant_id uuid PRIMARY KEY,
  seq bigint NOT NULL CHECK (seq >= 1),
  prev_hash text NOT NULL,
  hash text NOT NULL,
  updated_at timestamptz NOT NULL
);
ALTER TABLE audit.tenant_chain_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit.tenant_chain_heads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit.tenant_chain_heads
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());

CREATE TABLE audit.operator_chain_head (
  id int PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL CHECK (seq >= 1),
  prev_hash text NOT NULL,
  hash text NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Signed checkpoints: the deployment's Ed25519 key signs a chain's sequence number and hash.
-- `periodic` ones are sealed hourly; a `retention` one marks where retention removed the
-- entries before it, and is the anchor the rest of the chain is verified from.
CREATE TABLE audit.tenant_checkpoints (
  tenant_id uuid NOT NULL,
  seq bigint NOT NULL CHECK (seq >= 1),
  kind text NOT NULL CHECK (kind IN ('periodic', 'retention')),
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  signed_at timestamptz NOT NULL,
  key_id text NOT NULL,
  signature text NOT NULL,
  PRIMARY KEY (tenant_id, seq, kind)
);
ALTER TABLE audit.tenant_checkpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit.tenant_checkpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit.tenant_checkpoints
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());

CREATE TABLE audit.operator_checkpoints (
  seq bigint NOT NULL CHECK (seq >= 1),
  kind text NOT NULL CHECK (kind IN ('periodic', 'retention')),
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  signed_at timestamptz NOT NULL,
  key_id text NOT NULL,
  signature text NOT NULL,
  PRIMARY KEY (seq, kind)
);

-- Public keys that signed checkpoints, for the record (verification trusts the key file, not this table).
CREATE TABLE audit.signing_keys (
  key_id text PRIMARY KEY,
  algorithm text NOT NULL CHECK (algorithm = 'Ed25519'),
  public_key text NOT NULL,
  first_used_at timestamptz NOT NULL
);

-- Retention (18.1.3): the period per record type is the newest row here. Changes are appended,
-- so the history of who set which period stays readable and cannot be rewritten by the app.
CREATE TABLE audit.retention_policy_changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  record_type text NOT NULL CHECK (record_type IN ('tenant_events', 'operator_events', 'incident_records', 'evidence_exports', 'disclosure_records')),
  retain_days int NOT NULL CHECK (retain_days BETWEEN 1 AND 36500),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  changed_at timestamptz NOT NULL,
  changed_by uuid,
  changed_by_name text NOT NULL
);
CREATE INDEX retention_policy_changes_type_idx ON audit.retention_policy_changes (record_type, id DESC);
INSERT INTO audit.retention_policy_changes (record_type, retain_days, reason, changed_at, changed_by_name) VALUES
  ('tenant_events', 400, 'initial setting', now(), 'system'),
  ('operator_events', 1095, 'initial setting', now(), 'system'),
  ('incident_records', 1825, 'initial setting', now(), 'system'),
  ('evidence_exports', 1095, 'initial setting', now(), 'system'),
  ('disclosure_records', 1825, 'initial setting', now(), 'system');

-- Legal holds: records of a type (for one customer, or all) in a period are never deleted while
-- the hold has no release row. Both tables are append-only for the app.
CREATE TABLE audit.legal_holds (
  id uuid PRIMARY KEY,
  record_type text NOT NULL CHECK (record_type IN ('tenant_events', 'operator_events', 'incident_records', 'evidence_exports', 'disclosure_records')),
  customer_id uuid,
  from_at timestamptz,
  until_at timestamptz,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  placed_at timestamptz NOT NULL,
  placed_by uuid,
  placed_by_name text NOT NULL,
  CHECK (from_at IS NULL OR until_at IS NULL OR from_at < until_at)
);

CREATE TABLE audit.legal_hold_releases (
  hold_id uuid PRIMARY KEY REFERENCES audit.legal_holds (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  released_at timestamptz NOT NULL,
  released_by uuid,
  released_by_name text NOT NULL
);

-- Append-only, second wall behind the grants: no UPDATE, DELETE or TRUNCATE on log tables,
-- except by a role other than the app inside a transaction that declared maintenance (the
-- retention functions below, which run as the owner).
CREATE FUNCTION audit.refuse_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF current_user = 'sotas_app' OR coalesce(current_setting('sotas.audit_maintenance', true), '') <> 'on' THEN
    RAISE EXCEPTION 'audit records are append-only: % on %.% refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_LEVEL = 'STATEMENT' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;

-- New entries from the app must carry their chain link; nothing may claim to predate the chain.
CREATE FUNCTION audit.require_chain() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NEW.pre_chain THEN
    RAISE EXCEPTION 'audit: entries written after migration 0009 cannot be marked pre_chain'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF current_user = 'sotas_app' AND NEW.seq IS NULL THEN
    RAISE EXCEPTION 'audit: the application writes events only through the hash chain (recordTenantEvent / recordOperatorEvent)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER tenant_events_require_chain BEFORE INSERT ON audit.tenant_events FOR EACH ROW EXECUTE FUNCTION audit.require_chain();
CREATE TRIGGER operator_events_require_chain BEFORE INSERT ON audit.operator_events FOR EACH ROW EXECUTE FUNCTION audit.require_chain();

CREATE TRIGGER tenant_events_append_only BEFORE UPDATE OR DELETE ON audit.tenant_events FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER tenant_events_no_truncate BEFORE TRUNCATE ON audit.tenant_events FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER operator_events_append_only BEFORE UPDATE OR DELETE ON audit.operator_events FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER operator_events_no_truncate BEFORE TRUNCATE ON audit.operator_events FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER tenant_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit.tenant_checkpoints FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER tenant_checkpoints_no_truncate BEFORE TRUNCATE ON audit.tenant_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER operator_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit.operator_checkpoints FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER operator_checkpoints_no_truncate BEFORE TRUNCATE ON audit.operator_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER signing_keys_append_only BEFORE UPDATE OR DELETE ON audit.signing_keys FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER retention_policy_changes_append_only BEFORE UPDATE OR DELETE ON audit.retention_policy_changes FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER legal_holds_append_only BEFORE UPDATE OR DELETE ON audit.legal_holds FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER legal_hold_releases_append_only BEFORE UPDATE OR DELETE ON audit.legal_hold_releases FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();

-- Retention deletes as the owner through these functions, and only what the policy allows:
-- a whole prefix of one chain that ends at a retention checkpoint sealed over its last entry,
-- all older than the configured period counted back from p_now, none under an active legal
-- hold. p_now comes from the application's clock (tests move it); the shape of what can be
-- deleted does not depend on trusting it. Returns the number of entries deleted.
CREATE FUNCTION audit.purge_tenant_segment(p_tenant uuid, p_up_to_seq bigint, p_now timestamptz) RETURNS int
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v_days int;
  v_cutoff timestamptz;
  v_hash text;
  v_deleted int;
BEGIN
  IF p_tenant IS DISTINCT FROM platform.current_tenant() THEN
    RAISE EXCEPTION 'purge_tenant_segment: run it in the tenant''s own transaction' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT retain_days INTO v_days FROM audit.retention_policy_changes WHERE record_type = 'tenant_events' ORDER BY id DESC LIMIT 1;
  v_cutoff := p_now - make_interval(days => v_days);
  SELECT hash INTO v_hash FROM audit.tenant_events WHERE tenant_id = p_tenant AND seq = p_up_to_seq;
  IF v_hash IS NULL OR NOT EXISTS (
    SELECT 1 FROM audit.tenant_checkpoints
     WHERE tenant_id = p_tenant AND seq = p_up_to_seq AND kind = 'retention' AND hash = v_hash
  ) THEN
    RAISE EXCEPTION 'purge_tenant_segment: seal a retention checkpoint over entry % first', p_up_to_seq USING ERRCODE = 'check_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM audit.tenant_events WHERE tenant_id = p_tenant AND seq <= p_up_to_seq AND occurred_at >= v_cutoff) THEN
    RAISE EXCEPTION 'purge_tenant_segment: entries up to % are not all older than % days', p_up_to_seq, v_days USING ERRCODE = 'check_violation';
  END IF;
  IF EXISTS (
    SELECT 1 FROM audit.tenant_events e JOIN audit.legal_holds h
        ON h.record_type = 'tenant_events' AND (h.customer_id IS NULL OR h.customer_id = p_tenant)
       AND (h.from_at IS NULL OR e.occurred_at >= h.from_at) AND (h.until_at IS NULL OR e.occurred_at < h.until_at)
     WHERE e.tenant_id = p_tenant AND e.seq <= p_up_to_seq
       AND NOT EXISTS (SELECT 1 FROM audit.legal_hold_releases r WHERE r.hold_id = h.id)
  ) THEN
    RAISE EXCEPTION 'purge_tenant_segment: entries up to % are under a legal hold', p_up_to_seq USING ERRCODE = 'check_violation';
  END IF;
  PERFORM set_config('sotas.audit_maintenance', 'on', true);
  DELETE FROM audit.tenant_events WHERE tenant_id = p_tenant AND seq <= p_up_to_seq;
  GET DIAGNOSTICS v_deleted = ROW_COUNT;
  DELETE FROM audit.tenant_checkpoints WHERE tenant_id = p_tenant AND seq < p_up_to_seq;
  PERFORM set_config('sotas.audit_maintenance', 'off', true);
  RETURN v_deleted;
END
$$;

CREATE FUNCTION audit.purge_operator_segment(p_up_to_seq bigint, p_now timestamptz) RETURNS int
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v_days int;
  v_cutoff timestamptz;
  v_hash text;
  v_deleted int;
BEGIN
  SELECT retain_days INTO v_days FROM audit.retention_policy_changes WHERE record_type = 'operator_events' ORDER BY id DESC LIMIT 1;
  v_cutoff := p_now - make_interval(days => v_days);
  SELECT hash INTO v_hash FROM audit.operator_events WHERE seq = p_up_to_seq;
  IF v_hash IS NULL OR NOT EXISTS (
    SELECT 1 FROM audit.operator_checkpoints WHERE seq = p_up_to_seq AND kind = 'retention' AND hash = v_hash
  ) THEN
    RAISE EXCEPTION 'purge_operator_segment: seal a retention checkpoint over entry % first', p_up_to_seq USING ERRCODE = 'check_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM audit.operator_events WHERE seq <= p_up_to_seq AND occurred_at >= v_cutoff) THEN
    RAISE EXCEPTION 'purge_operator_segment: entries up to % are not all older than % days', p_up_to_seq, v_days USING ERRCODE = 'check_violation';
  END IF;
  IF EXISTS (
    SELECT 1 FROM audit.operator_events e JOIN audit.legal_holds h
        ON h.record_type = 'operator_events' AND (h.customer_id IS NULL OR h.customer_id = e.customer_id)
       AND (h.from_at IS NULL OR e.occurred_at >= h.from_at) AND (h.until_at IS NULL OR e.occurred_at < h.until_at)
     WHERE e.seq <= p_up_to_seq
       AND NOT EXISTS (SELECT 1 FROM audit.legal_hold_releases r WHERE r.hold_id = h.id)
  ) THEN
    RAISE EXCEPTION 'purge_operator_segment: entries up to % are under a legal hold', p_up_to_seq USING ERRCODE = 'check_violation';
  END IF;
  PERFORM set_config('sotas.audit_maintenance', 'on', true);
  DELETE FROM audit.operator_events WHERE seq <= p_up_to_seq;
  GET DIAGNOSTICS v_deleted = ROW_COUNT;
  DELETE FROM audit.operator_checkpoints WHERE seq < p_up_to_seq;
  PERFORM set_config('sotas.audit_maintenance', 'off', true);
  RETURN v_deleted;
END
$$;

REVOKE EXECUTE ON FUNCTION audit.purge_tenant_segment(uuid, bigint, timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION audit.purge_operator_segment(bigint, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit.purge_tenant_segment(uuid, bigint, timestamptz) TO sotas_app;
GRANT EXECUTE ON FUNCTION audit.purge_operator_segment(bigint, timestamptz) TO sotas_app;

-- Break-glass (13.1.3): a staff member's time-limited grant to read one tenant's registered
-- data for a stated reason. Provider records about a tenant, so customer_id.
CREATE TABLE ops.breakglass_grants (
  id uuid PRIMARY KEY,
  staff_id uuid NOT NULL REFERENCES ops.staff (id),
  staff_name text NOT NULL,
  customer_id uuid NOT NULL REFERENCES ops.tenants (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 10 AND 1000),
  opened_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  closed_at timestamptz,
  closed_by uuid,
  -- When the tenant's contact address was told of the first access through this grant.
  notified_at timestamptz,
  CHECK (expires_at > opened_at AND expires_at <= opened_at + interval '4 hours')
);
CREATE INDEX breakglass_grants_active_idx ON ops.breakglass_grants (customer_id, staff_id, expires_at);

-- Evidence packages (16.1.7): what was exported, for whom and on whose request. The package
-- itself is rebuilt from the chain on download; the manifest pins what it must contain.
CREATE TABLE ops.evidence_exports (
  id uuid PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES ops.tenants (id),
  grant_id uuid NOT NULL REFERENCES ops.breakglass_grants (id),
  staff_id uuid NOT NULL REFERENCES ops.staff (id),
  staff_name text NOT NULL,
  request_ref text NOT NULL CHECK (length(request_ref) BETWEEN 1 AND 200),
  period_from timestamptz NOT NULL,
  period_to timestamptz NOT NULL,
  first_seq bigint,
  last_seq bigint,
  event_count int NOT NULL CHECK (event_count >= 0),
  manifest jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK (period_from < period_to)
);
CREATE INDEX evidence_exports_customer_idx ON ops.evidence_exports (customer_id, created_at);

-- Legal disclosure requests (courts, police): who asked, on what legal basis, what was
-- disclosed and when.
CREATE TABLE ops.disclosure_requests (
  id uuid PRIMARY KEY,
  customer_id uuid REFERENCES ops.tenants (id),
  requested_by text NOT NULL CHECK (length(requested_by) BETWEEN 1 AND 200),
  legal_basis text NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 500),
  received_at timestamptz NOT NULL,
  disclosed_at timestamptz,
  disclosed_items text NOT NULL CHECK (length(disclosed_items) BETWEEN 1 AND 2000),
  evidence_export_id uuid REFERENCES ops.evidence_exports (id) ON DELETE SET NULL,
  remarks text NOT NULL DEFAULT '' CHECK (length(remarks) <= 2000),
  recorded_by uuid NOT NULL REFERENCES ops.staff (id),
  recorded_by_name text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX disclosure_requests_received_idx ON ops.disclosure_requests (received_at DESC);
