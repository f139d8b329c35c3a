-- 化学調査 (survey): chemical-content surveys between companies in the chemSHERPA / IEC 62474
-- model (ADR 0023).
--
-- Who sees what is decided here, by row-level security:
--   * a tenant sees all of its own rows (lists, products, check results, requests it sent,
--     responses it drafted, its settings);
--   * a request is also readable by the supplier tenant it is addressed to once it is sent,
--     and the supplier may change only its answering state (trigger guard);
--   * a response is also readable by the requesting tenant once it has been sent, and then
--     never changes again (trigger guard);
--   * a request's history and the files sent with a response are readable by both sides.
-- An outside company (not a tenant) answers through an upload link; its answer is stored as
-- a response row of the requesting tenant (source 'outside').

-- 組織設定: the company as it appears in files it sends (BusinessInfo) and check defaults.
CREATE TABLE survey.settings (
  tenant_id uuid PRIMARY KEY REFERENCES ops.tenants (id),
  company_name text NOT NULL DEFAULT '' CHECK (length(company_name) <= 200),
  company_id text NOT NULL DEFAULT '' CHECK (length(company_id) <= 100),
  company_id_authority text NOT NULL DEFAULT '' CHECK (length(company_id_authority) <= 50),
  contact_name text NOT NULL DEFAULT '' CHECK (length(contact_name) <= 100),
  contact_email text NOT NULL DEFAULT '' CHECK (length(contact_email) <= 254),
  contact_phone text NOT NULL DEFAULT '' CHECK (length(contact_phone) <= 40),
  -- How far the mass percentages of one material may sum above 100 (rounding in suppliers' data).
  sum_tolerance_percent numeric(6, 3) NOT NULL DEFAULT 0.5 CHECK (sum_tolerance_percent BETWEEN 0 AND 10),
  -- Reminder days before and after the respond-by date.
  remind_days_before int NOT NULL DEFAULT 3 CHECK (remind_days_before BETWEEN 0 AND 60),
  remind_days_after int NOT NULL DEFAULT 1 CHECK (remind_days_after BETWEEN 0 AND 60),
  version int NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL
);

-- 規制物質リスト. `starter_key` marks a list loaded from the shipped starter sets.
CREATE TABLE survey.substance_lists (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en text NOT NULL DEFAULT '' CHECK (length(name_en) <= 200),
  source text NOT NULL DEFAULT '' CHECK (length(source) <= 1000),
  starter_key text,
  archived boolean NOT NULL DEFAULT false,
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (id),
  UNIQUE (tenant_id, code)
);

-- A list's versions; the highest `version_no` is the current one. Versions never change once loaded.
CREATE TABLE survey.list_versions (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  list_id uuid NOT NULL,
  version_no int NOT NULL CHECK (version_no >= 1),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  source_note text NOT NULL DEFAULT '' CHECK (length(source_note) <= 1000),
  entry_count int NOT NULL DEFAULT 0,
  loaded_by uuid,
  loaded_by_name text NOT NULL DEFAULT '',
  loaded_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (id),
  UNIQUE (tenant_id, list_id, version_no),
  FOREIGN KEY (tenant_id, list_id) REFERENCES survey.substance_lists (tenant_id, id) ON DELETE CASCADE
);

-- An entry: a CAS number or, where a substance (group) has none, an internal id.
CREATE TABLE survey.list_entries (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  version_id uuid NOT NULL,
  cas text CHECK (cas IS NULL OR cas ~ '^[0-9]{2,7}-[0-9]{2}-[0-9]$'),
  internal_id text CHECK (internal_id IS NULL OR length(internal_id) BETWEEN 1 AND 60),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  threshold_percent numeric(9, 6) NOT NULL CHECK (threshold_percent > 0 AND threshold_percent <= 100),
  -- What the threshold is a share of: the homogeneous material (RoHS) or the whole article (REACH SVHC).
  basis text NOT NULL DEFAULT 'material' CHECK (basis IN ('material', 'article')),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 1000),
  sort_order int NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, id),
  CHECK (cas IS NOT NULL OR internal_id IS NOT NULL),
  FOREIGN KEY (tenant_id, version_id) REFERENCES survey.list_versions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX list_entries_version_idx ON survey.list_entries (tenant_id, version_id, sort_order);

-- 調査対象製品 with its IEC 62474 composition tree (product → parts → materials → substances)
-- as one JSON document (src/services/survey/shared/composition.ts), so an edit, an import and
-- a check each read and write one row. `cas_numbers` copies every substance's CAS number.
CREATE TABLE survey.products (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  product_number text NOT NULL CHECK (length(product_number) BETWEEN 1 AND 100),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  mass_g numeric(14, 6) CHECK (mass_g IS NULL OR mass_g >= 0),
  unit_type text NOT NULL DEFAULT 'each' CHECK (length(unit_type) BETWEEN 1 AND 20),
  composition jsonb NOT NULL DEFAULT '{"parts": []}',
  cas_numbers text[] NOT NULL DEFAULT '{}',
  supplier_name text NOT NULL DEFAULT '' CHECK (length(supplier_name) <= 200),
  remarks text NOT NULL DEFAULT '' CHECK (length(remarks) <= 4000),
  labels text[] NOT NULL DEFAULT '{}',
  version int NOT NULL DEFAULT 1,
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (id),
  UNIQUE (tenant_id, product_number)
);

-- 判定結果: one row per subject (a product, or a product inside a response) and list version.
-- `changed` is set when loading a newer version gave a different outcome than the previous
-- version of the same list; `acknowledged_at` when a user has looked at it.
CREATE TABLE survey.check_results (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  subject_kind text NOT NULL CHECK (subject_kind IN ('product', 'response')),
  subject_id uuid NOT NULL,
  -- For a response: which product of it (its key in the response's products).
  subject_key text NOT NULL DEFAULT '',
  list_id uuid NOT NULL,
  list_version_id uuid NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('compliant', 'above_threshold', 'exempted', 'no_data')),
  findings jsonb NOT NULL DEFAULT '[]',
  changed boolean NOT NULL DEFAULT false,
  change_summary jsonb NOT NULL DEFAULT '{}',
  acknowledged_at timestamptz,
  checked_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, subject_kind, subject_id, subject_key, list_version_id),
  FOREIGN KEY (tenant_id, list_version_id) REFERENCES survey.list_versions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX check_results_version_idx ON survey.check_results (tenant_id, list_version_id, outcome);

-- 調査依頼, owned by the requesting tenant. The supplier is another tenant (supplier_tenant_id)
-- or an outside company reached by e-mail (supplier_email, with an upload link). The list the
-- supplier answers against is copied in when the request is sent (`list_snapshot`), since the
-- supplier cannot read the requester's lists.
CREATE TABLE survey.requests (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  requester_name text NOT NULL CHECK (length(requester_name) BETWEEN 1 AND 200),
  supplier_tenant_id uuid REFERENCES ops.tenants (id),
  supplier_name text NOT NULL CHECK (length(supplier_name) BETWEEN 1 AND 200),
  supplier_email text NOT NULL DEFAULT '' CHECK (length(supplier_email) <= 254),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  message text NOT NULL DEFAULT '' CHECK (length(message) <= 4000),
  -- [{ key, productNumber, name, supplierProductNumber }]
  items jsonb NOT NULL DEFAULT '[]',
  format_wanted text NOT NULL CHECK (format_wanted IN ('chemsherpa_ai', 'chemsherpa_ci', 'ipc1752a_c', 'ipc1752a_d', 'spreadsheet', 'any')),
  list_version_id uuid,
  list_snapshot jsonb,
  respond_by date NOT NULL,
  requester_ref text NOT NULL DEFAULT '' CHECK (length(requester_ref) <= 100),
  responder_ref text NOT NULL DEFAULT '' CHECK (length(responder_ref) <= 100),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'answering', 'submitted', 'accepted', 'returned', 'cancelled')),
  return_reason text NOT NULL DEFAULT '' CHECK (length(return_reason) <= 4000),
  accepted_response_id uuid,
  reminded_before_at timestamptz,
  reminded_after_at timestamptz,
  created_by uuid,
  created_by_name text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  submitted_at timestamptz,
  closed_at timestamptz,
  updated_at timestamptz NOT NULL,
  version int NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (id),
  CHECK (supplier_tenant_id IS NOT NULL OR supplier_email <> ''),
  CHECK (supplier_tenant_id IS DISTINCT FROM tenant_id)
);
CREATE INDEX requests_tenant_idx ON survey.requests (tenant_id, status, respond_by);
CREATE INDEX requests_supplier_idx ON survey.requests (supplier_tenant_id, status, respond_by) WHERE supplier_tenant_id IS NOT NULL;

-- 回答. Drafted by the supplier tenant (source 'tenant'), approved by its reviewer (the
-- authorizer) and only then sent; or submitted through an upload link by an outside company
-- (source 'outside', a row of the requesting tenant). A sent response never changes.
CREATE TABLE survey.responses (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  request_id uuid NOT NULL REFERENCES survey.requests (id) ON DELETE CASCADE,
  request_tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  source text NOT NULL DEFAULT 'tenant' CHECK (source IN ('tenant', 'outside')),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'returned', 'approved', 'sent')),
  -- [{ key, productNumber, name, massG, composition }] per requested item
  products jsonb NOT NULL DEFAULT '[]',
  -- [{ listCode, listVersion, declarations: [{ substance, cas, aboveThreshold, massPercent, exemption }] }]
  compliance jsonb NOT NULL DEFAULT '[]',
  responder_company text NOT NULL DEFAULT '' CHECK (length(responder_company) <= 200),
  contact jsonb NOT NULL DEFAULT '{}',
  comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 4000),
  review_comment text NOT NULL DEFAULT '' CHECK (length(review_comment) <= 4000),
  drafted_by uuid,
  drafted_by_name text NOT NULL DEFAULT '',
  authorizer_user_id uuid,
  authorizer_name text NOT NULL DEFAULT '',
  approved_at timestamptz,
  sent_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version int NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (id),
  CHECK (status <> 'sent' OR sent_at IS NOT NULL),
  CHECK (source = 'outside' OR status NOT IN ('approved', 'sent') OR authorizer_user_id IS NOT NULL),
  CHECK (source = 'outside' OR authorizer_user_id IS NULL OR authorizer_user_id IS DISTINCT FROM drafted_by)
);
CREATE INDEX responses_request_idx ON survey.responses (request_id, created_at);

-- Files sent with a response (SDS, the original chemSHERPA file): platform files of the tenant
-- that owns the response; name and size copied so the other side sees them.
CREATE TABLE survey.response_files (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  file_id uuid NOT NULL,
  response_id uuid NOT NULL,
  request_id uuid NOT NULL REFERENCES survey.requests (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  bytes bigint NOT NULL CHECK (bytes >= 0),
  kind text NOT NULL DEFAULT 'other' CHECK (kind IN ('sds', 'chemsherpa', 'ipc1752a', 'spreadsheet', 'other')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, file_id),
  FOREIGN KEY (tenant_id, file_id) REFERENCES platform.files (tenant_id, id),
  FOREIGN KEY (tenant_id, response_id) REFERENCES survey.responses (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX response_files_response_idx ON survey.response_files (response_id);

-- A request's history, written by either side (sent, answering, approved, returned, accepted...).
CREATE TABLE survey.request_events (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  request_id uuid NOT NULL REFERENCES survey.requests (id) ON DELETE CASCADE,
  response_id uuid,
  event text NOT NULL CHECK (length(event) BETWEEN 1 AND 40),
  comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 4000),
  actor_name text NOT NULL DEFAULT '' CHECK (length(actor_name) <= 200),
  actor_company text NOT NULL DEFAULT '' CHECK (length(actor_company) <= 200),
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX request_events_request_idx ON survey.request_events (request_id, at);

-- 回答用リンク for an outside company: single-purpose (one request), expiring, revocable. Only
-- the SHA-256 of the random part is stored; the link carries `<tenant id>_<random>`.
CREATE TABLE survey.upload_links (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  request_id uuid NOT NULL,
  token_hash text NOT NULL,
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_opened_at timestamptz,
  submitted_at timestamptz,
  bytes_received bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, request_id) REFERENCES survey.requests (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['settings', 'substance_lists', 'list_versions', 'list_entries', 'products', 'check_results',
                           'requests', 'responses', 'response_files', 'request_events', 'upload_links'] LOOP
    EXECUTE format('ALTER TABLE survey.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE survey.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON survey.%I USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant())', t);
  END LOOP;
END $$;

-- The supplier tenant reads a request addressed to it once it is sent, and moves its state.
CREATE POLICY addressed_supplier ON survey.requests FOR SELECT
  USING (supplier_tenant_id = platform.current_tenant() AND status <> 'draft');
CREATE POLICY addressed_supplier_update ON survey.requests FOR UPDATE
  USING (supplier_tenant_id = platform.current_tenant() AND status <> 'draft')
  WITH CHECK (supplier_tenant_id = platform.current_tenant());

-- Nobody moves a request to other tenants; the supplier changes only the answering state.
CREATE FUNCTION survey.guard_request_update() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF NEW.tenant_id IS DISTINCT FROM OLD.tenant_id OR NEW.supplier_tenant_id IS DISTINCT FROM OLD.supplier_tenant_id OR NEW.id IS DISTINCT FROM OLD.id THEN
      RAISE EXCEPTION 'a request stays between its two tenants' USING ERRCODE = '42501';
    END IF;
    IF OLD.tenant_id IS DISTINCT FROM platform.current_tenant() THEN
      IF NEW.status NOT IN ('answering', 'submitted') OR OLD.status NOT IN ('sent', 'answering', 'submitted', 'returned')
         OR (NEW.requester_name, NEW.supplier_name, NEW.supplier_email, NEW.title, NEW.message, NEW.items, NEW.format_wanted,
             NEW.list_version_id, NEW.list_snapshot, NEW.respond_by, NEW.requester_ref, NEW.return_reason,
             NEW.accepted_response_id, NEW.created_by, NEW.created_at, NEW.sent_at, NEW.closed_at)
            IS DISTINCT FROM
            (OLD.requester_name, OLD.supplier_name, OLD.supplier_email, OLD.title, OLD.message, OLD.items, OLD.format_wanted,
             OLD.list_version_id, OLD.list_snapshot, OLD.respond_by, OLD.requester_ref, OLD.return_reason,
             OLD.accepted_response_id, OLD.created_by, OLD.created_at, OLD.sent_at, OLD.closed_at) THEN
        RAISE EXCEPTION 'the supplier changes only the answering state of a request' USING ERRCODE = '42501';
      END IF;
    END IF;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER guard_request_update BEFORE UPDATE ON survey.requests FOR EACH ROW EXECUTE FUNCTION survey.guard_request_update();

-- The requesting tenant reads a response to its request once it has been sent.
CREATE POLICY sent_to_requester ON survey.responses FOR SELECT
  USING (request_tenant_id = platform.current_tenant() AND status = 'sent');
-- A response is written into a request its writer can see (its own, or one addressed to it).
CREATE POLICY into_visible_request ON survey.responses AS RESTRICTIVE FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM survey.requests r WHERE r.id = responses.request_id AND r.tenant_id = responses.request_tenant_id));

-- A sent response is the record of what was declared: it never changes, by either side.
CREATE FUNCTION survey.guard_response_update() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF OLD.status = 'sent' THEN
      RAISE EXCEPTION 'a sent response never changes' USING ERRCODE = '42501';
    END IF;
    IF NEW.tenant_id IS DISTINCT FROM OLD.tenant_id OR NEW.request_id IS DISTINCT FROM OLD.request_id
       OR NEW.request_tenant_id IS DISTINCT FROM OLD.request_tenant_id OR NEW.id IS DISTINCT FROM OLD.id THEN
      RAISE EXCEPTION 'a response stays with its request' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER guard_response_update BEFORE UPDATE ON survey.responses FOR EACH ROW EXECUTE FUNCTION survey.guard_response_update();

-- Both sides read a request's history and the files of its sent responses.
CREATE POLICY request_readers ON survey.request_events FOR SELECT
  USING (EXISTS (SELECT 1 FROM survey.requests r WHERE r.id = request_events.request_id));
CREATE POLICY into_visible_request ON survey.request_events AS RESTRICTIVE FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM survey.requests r WHERE r.id = request_events.request_id));
CREATE POLICY sent_response_readers ON survey.response_files FOR SELECT
  USING (EXISTS (SELECT 1 FROM survey.responses s WHERE s.id = response_files.response_id AND s.status = 'sent'));
