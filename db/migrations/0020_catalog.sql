-- データベース (catalog, "Sotas DB"): publishers post chemical products, subscribers search,
-- compare, keep lists and send inquiries.
--
-- Who sees what is decided here, by row-level security, not by filters in code (ADR 0022):
--   * a tenant sees all of its own rows (drafts, archived products, its lists and inquiries);
--   * a published product and its basic rows (composition) are readable by every tenant with
--     a running catalog contract;
--   * paid-only rows (properties, documents, publisher contacts) are readable by other tenants
--     only while their catalog contract is a paid subscription;
--   * an inquiry and its messages are readable by its two tenants only.
-- The plan comes from the tenant's contract (ops.contracts, set by staff).

-- The catalog contract says whether the tenant publishes and how it subscribes. The columns
-- mean something on catalog contracts only; other services' contracts keep the defaults.
ALTER TABLE ops.contracts ADD COLUMN catalog_publisher boolean NOT NULL DEFAULT false;
ALTER TABLE ops.contracts ADD COLUMN catalog_subscription text NOT NULL DEFAULT 'free'
  CHECK (catalog_subscription IN ('none', 'free', 'paid'));

-- The current tenant's catalog subscription today (the JST date, as contracts run): 'paid',
-- 'free', or NULL when it has no running catalog contract or subscribes to nothing.
CREATE FUNCTION catalog.reader_plan() RETURNS text
  LANGUAGE sql STABLE
  AS $$
    SELECT CASE WHEN bool_or(c.catalog_subscription = 'paid') THEN 'paid'
                WHEN bool_or(c.catalog_subscription = 'free') THEN 'free' END
      FROM ops.contracts c
     WHERE c.customer_id = platform.current_tenant() AND c.service = 'catalog'
       AND c.starts_on <= (now() AT TIME ZONE 'UTC' + interval '9 hours')::date
       AND (c.ends_on IS NULL OR c.ends_on >= (now() AT TIME ZONE 'UTC' + interval '9 hours')::date)
  $$;

-- Whether the current tenant may publish today (a running catalog contract as publisher).
CREATE FUNCTION catalog.may_publish() RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
    SELECT coalesce(bool_or(c.catalog_publisher), false)
      FROM ops.contracts c
     WHERE c.customer_id = platform.current_tenant() AND c.service = 'catalog'
       AND c.starts_on <= (now() AT TIME ZONE 'UTC' + interval '9 hours')::date
       AND (c.ends_on IS NULL OR c.ends_on >= (now() AT TIME ZONE 'UTC' + interval '9 hours')::date)
  $$;

-- 掲載企業プロフィール: one per publishing tenant; shown with its products to every catalog tenant.
CREATE TABLE catalog.publishers (
  tenant_id uuid PRIMARY KEY REFERENCES ops.tenants (id),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  display_name_en text NOT NULL DEFAULT '' CHECK (length(display_name_en) <= 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  description_en text NOT NULL DEFAULT '' CHECK (length(description_en) <= 4000),
  website text NOT NULL DEFAULT '' CHECK (length(website) <= 300),
  sites text[] NOT NULL DEFAULT '{}',
  certifications text[] NOT NULL DEFAULT '{}',
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- 窓口: paid-only.
CREATE TABLE catalog.publisher_contacts (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  department text NOT NULL DEFAULT '' CHECK (length(department) <= 100),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
  topics text NOT NULL DEFAULT '' CHECK (length(topics) <= 200),
  sort_order int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

-- 製品. Search columns are kept by the writer (src/services/catalog/search/searchText.ts):
-- `search_text` is the normalised text (NFKC, lower case, katakana folded to hiragana) and
-- `search_tokens` its word and CJK-bigram tokens, so PostgreSQL and PGlite search alike with
-- no extension. `cas_numbers` and `document_kinds` copy the composition and the current
-- documents for CAS lookup and the document-type facet (a document's existence is basic).
CREATE TABLE catalog.products (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en text NOT NULL DEFAULT '' CHECK (length(name_en) <= 200),
  grade text NOT NULL DEFAULT '' CHECK (length(grade) <= 100),
  brand text NOT NULL DEFAULT '' CHECK (length(brand) <= 100),
  category text NOT NULL CHECK (category ~ '^[A-Za-z0-9+/()-]{1,20}$'),
  form text NOT NULL CHECK (form IN ('pellet', 'powder', 'liquid', 'paste', 'film_sheet', 'fiber', 'other')),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  description_en text NOT NULL DEFAULT '' CHECK (length(description_en) <= 4000),
  applications text[] NOT NULL DEFAULT '{}',
  processing_methods text[] NOT NULL DEFAULT '{}',
  regulatory_flags text[] NOT NULL DEFAULT '{}'
    CHECK (regulatory_flags <@ ARRAY['rohs', 'reach_svhc_free', 'kashinho', 'food_contact']::text[]),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  published_at timestamptz,
  remarks text NOT NULL DEFAULT '' CHECK (length(remarks) <= 2000),
  labels text[] NOT NULL DEFAULT '{}',
  cas_numbers text[] NOT NULL DEFAULT '{}',
  document_kinds text[] NOT NULL DEFAULT '{}',
  search_text text NOT NULL DEFAULT '',
  search_tokens text[] NOT NULL DEFAULT '{}',
  version int NOT NULL DEFAULT 1,
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CHECK (status <> 'published' OR published_at IS NOT NULL)
);
CREATE INDEX products_tenant_status_idx ON catalog.products (tenant_id, status, updated_at DESC);
CREATE INDEX products_published_tokens_idx ON catalog.products USING gin (search_tokens) WHERE status = 'published';
CREATE INDEX products_published_cas_idx ON catalog.products USING gin (cas_numbers) WHERE status = 'published';
CREATE INDEX products_published_category_idx ON catalog.products (category, published_at DESC) WHERE status = 'published';
CREATE INDEX products_published_at_idx ON catalog.products (published_at DESC, id) WHERE status = 'published';

-- 組成: basic (readable with the product).
CREATE TABLE catalog.product_components (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  product_id uuid NOT NULL,
  line_no int NOT NULL CHECK (line_no >= 1),
  cas_number text CHECK (cas_number IS NULL OR cas_number ~ '^[0-9]{2,7}-[0-9]{2}-[0-9]$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  min_pct numeric CHECK (min_pct IS NULL OR (min_pct >= 0 AND min_pct <= 100)),
  max_pct numeric CHECK (max_pct IS NULL OR (max_pct >= 0 AND max_pct <= 100)),
  PRIMARY KEY (tenant_id, product_id, line_no),
  FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.products (tenant_id, id) ON DELETE CASCADE,
  CHECK (min_pct IS NULL OR max_pct IS NULL OR min_pct <= max_pct)
);

-- 物性: paid-only. `canonical_*` hold the value in the property's canonical unit
-- (src/services/catalog/products/units.ts) so ranges compare across units.
CREATE TABLE catalog.product_properties (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  product_id uuid NOT NULL,
  line_no int NOT NULL CHECK (line_no >= 1),
  property_key text NOT NULL CHECK (property_key ~ '^[a-z][a-z0-9_]{0,60}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  value_min numeric,
  value_max numeric,
  value_text text NOT NULL DEFAULT '' CHECK (length(value_text) <= 200),
  unit text NOT NULL DEFAULT '' CHECK (length(unit) <= 30),
  canonical_unit text NOT NULL DEFAULT '' CHECK (length(canonical_unit) <= 30),
  canonical_min double precision,
  canonical_max double precision,
  test_method text NOT NULL DEFAULT '' CHECK (length(test_method) <= 100),
  conditions text NOT NULL DEFAULT '' CHECK (length(conditions) <= 200),
  PRIMARY KEY (tenant_id, product_id, line_no),
  FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.products (tenant_id, id) ON DELETE CASCADE,
  CHECK (value_min IS NULL OR value_max IS NULL OR value_min <= value_max)
);
CREATE INDEX product_properties_key_idx ON catalog.product_properties (property_key, canonical_min, canonical_max);

-- 資料 (SDS, TDS, CoA, chemSHERPA...): paid-only; the file is an encrypted platform file of the
-- publisher. A new version supersedes the current one of the same kind and language; old
-- versions are kept.
CREATE TABLE catalog.product_documents (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  product_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('sds', 'tds', 'coa', 'chemsherpa', 'other')),
  language text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
  doc_version text NOT NULL CHECK (length(doc_version) BETWEEN 1 AND 40),
  issued_on date NOT NULL,
  file_id uuid NOT NULL,
  is_current boolean NOT NULL DEFAULT true,
  created_by uuid,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.products (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, file_id) REFERENCES platform.files (tenant_id, id)
);
CREATE INDEX product_documents_product_idx ON catalog.product_documents (tenant_id, product_id, kind, language, created_at DESC);
CREATE UNIQUE INDEX product_documents_one_current ON catalog.product_documents (tenant_id, product_id, kind, language) WHERE is_current;

-- 使用中 / 検討中: a subscriber's lists of published products (its own or another tenant's).
CREATE TABLE catalog.list_entries (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  list text NOT NULL CHECK (list IN ('in_use', 'watching')),
  product_tenant_id uuid NOT NULL,
  product_id uuid NOT NULL,
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  added_by uuid,
  added_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, list, product_tenant_id, product_id),
  FOREIGN KEY (product_tenant_id, product_id) REFERENCES catalog.products (tenant_id, id) ON DELETE CASCADE
);

-- 問い合わせ: owned by the asking (subscriber) tenant, readable by the publisher it is sent to.
CREATE TABLE catalog.inquiries (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- No foreign key: when the publisher's data is purged the asker keeps its own inquiry.
  publisher_tenant_id uuid NOT NULL,
  publisher_name text NOT NULL DEFAULT '' CHECK (length(publisher_name) <= 200),
  product_id uuid,
  product_name text NOT NULL DEFAULT '' CHECK (length(product_name) <= 200),
  kind text NOT NULL CHECK (kind IN ('sample', 'quote', 'question')),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  last_message_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (id)
);
CREATE INDEX inquiries_publisher_idx ON catalog.inquiries (publisher_tenant_id, last_message_at DESC);
CREATE INDEX inquiries_tenant_idx ON catalog.inquiries (tenant_id, last_message_at DESC);

-- A message is owned by the tenant that wrote it; both sides of the inquiry read the thread.
-- Attachments are platform files of the writing tenant.
CREATE TABLE catalog.inquiry_messages (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  inquiry_id uuid NOT NULL REFERENCES catalog.inquiries (id) ON DELETE CASCADE,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  attachment_file_ids uuid[] NOT NULL DEFAULT '{}',
  author_user_id uuid,
  author_name text NOT NULL DEFAULT '' CHECK (length(author_name) <= 200),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX inquiry_messages_inquiry_idx ON catalog.inquiry_messages (inquiry_id, created_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['publishers', 'publisher_contacts', 'products', 'product_components', 'product_properties',
                           'product_documents', 'list_entries', 'inquiries', 'inquiry_messages'] LOOP
    EXECUTE format('ALTER TABLE catalog.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE catalog.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON catalog.%I USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant())', t);
  END LOOP;
END $$;

-- Read-only policies for other tenants (permissive: a row is visible when any policy allows).
-- A publisher's profile shows once it has a published product (and its contacts to paid readers).
CREATE POLICY catalog_readers ON catalog.publishers FOR SELECT
  USING (catalog.reader_plan() IS NOT NULL
         AND EXISTS (SELECT 1 FROM catalog.products p WHERE p.tenant_id = publishers.tenant_id AND p.status = 'published'));
CREATE POLICY paid_readers ON catalog.publisher_contacts FOR SELECT
  USING (catalog.reader_plan() = 'paid'
         AND EXISTS (SELECT 1 FROM catalog.products p WHERE p.tenant_id = publisher_contacts.tenant_id AND p.status = 'published'));
CREATE POLICY published_to_readers ON catalog.products FOR SELECT
  USING (status = 'published' AND catalog.reader_plan() IS NOT NULL);
-- The product's own policies decide: the EXISTS sees the product only where it is visible.
CREATE POLICY with_visible_product ON catalog.product_components FOR SELECT
  USING (EXISTS (SELECT 1 FROM catalog.products p WHERE p.tenant_id = product_components.tenant_id AND p.id = product_components.product_id));
CREATE POLICY paid_with_visible_product ON catalog.product_properties FOR SELECT
  USING (catalog.reader_plan() = 'paid'
         AND EXISTS (SELECT 1 FROM catalog.products p WHERE p.tenant_id = product_properties.tenant_id AND p.id = product_properties.product_id));
CREATE POLICY paid_with_visible_product ON catalog.product_documents FOR SELECT
  USING (catalog.reader_plan() = 'paid'
         AND EXISTS (SELECT 1 FROM catalog.products p WHERE p.tenant_id = product_documents.tenant_id AND p.id = product_documents.product_id));
-- The publisher an inquiry is sent to reads it and may mark it answered or closed.
CREATE POLICY addressed_publisher ON catalog.inquiries FOR SELECT
  USING (publisher_tenant_id = platform.current_tenant());
CREATE POLICY addressed_publisher_update ON catalog.inquiries FOR UPDATE
  USING (publisher_tenant_id = platform.current_tenant()) WITH CHECK (publisher_tenant_id = platform.current_tenant());
-- Neither side can move an inquiry to other tenants, and the publisher changes only its state.
CREATE FUNCTION catalog.guard_inquiry_update() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF NEW.tenant_id IS DISTINCT FROM OLD.tenant_id OR NEW.publisher_tenant_id IS DISTINCT FROM OLD.publisher_tenant_id OR NEW.id IS DISTINCT FROM OLD.id THEN
      RAISE EXCEPTION 'an inquiry stays between its two tenants' USING ERRCODE = '42501';
    END IF;
    IF OLD.tenant_id IS DISTINCT FROM platform.current_tenant()
       AND (NEW.product_id, NEW.product_name, NEW.kind, NEW.subject, NEW.created_by, NEW.created_at)
           IS DISTINCT FROM (OLD.product_id, OLD.product_name, OLD.kind, OLD.subject, OLD.created_by, OLD.created_at) THEN
      RAISE EXCEPTION 'the publisher changes only the state of an inquiry' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER guard_inquiry_update BEFORE UPDATE ON catalog.inquiries FOR EACH ROW EXECUTE FUNCTION catalog.guard_inquiry_update();
-- Either side reads the whole thread of an inquiry it can see.
CREATE POLICY thread_readers ON catalog.inquiry_messages FOR SELECT
  USING (EXISTS (SELECT 1 FROM catalog.inquiries i WHERE i.id = inquiry_messages.inquiry_id));
-- A message can only be written into an inquiry its writer can see (its own or one sent to it).
CREATE POLICY into_visible_inquiry ON catalog.inquiry_messages AS RESTRICTIVE FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM catalog.inquiries i WHERE i.id = inquiry_messages.inquiry_id));
