-- データベース search at 100,000 products (bench/catalogSearch.bench.ts): a narrow table of what
-- search reads, kept by triggers from catalog.products.
--
-- A product row is about 1.9 kB (description, search tokens, ...); 100,000 of them (187 MB)
-- do not stay in PostgreSQL's buffer cache, and a broad term's 10,000–20,000 matches sit on
-- as many pages. `catalog.product_search` holds per product only its state, publication time,
-- normalised search text and facet keys (about 0.5 kB), and its token index is an expression
-- index over the text, so the tokens are not stored twice: table and index stay in memory.
--
-- Facet keys are the facet's letter, a colon and the value: c:PP (category), p:<publisher
-- tenant id>, a:自動車 (application), f:rohs (regulatory flag), d:sds (document kind), so a
-- search counts all its facets in one pass over its matches.
--
-- Visibility is the product's: the same policies as catalog.products (own rows; published rows
-- for a tenant with a catalog subscription).

-- The tokens of normalised search text: every character and every pair of adjacent characters
-- of each space- or line-separated segment (the same as searchColumns() in searchText.ts).
CREATE FUNCTION catalog.search_tokens_of(search_text text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
    SELECT coalesce(array_agg(DISTINCT t.token), '{}')
      FROM regexp_split_to_table(search_text, '[ \n]+') AS s(segment)
      CROSS JOIN LATERAL generate_series(1, length(s.segment)) AS i(n)
      CROSS JOIN LATERAL (VALUES (substr(s.segment, i.n, 1)), (CASE WHEN i.n < length(s.segment) THEN substr(s.segment, i.n, 2) END)) AS t(token)
     WHERE t.token IS NOT NULL AND t.token <> ''
  $$;

CREATE FUNCTION catalog.facet_keys(tenant uuid, category text, applications text[], flags text[], document_kinds text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT ARRAY['c:' || category, 'p:' || tenant::text]
           || ARRAY(SELECT 'a:' || v FROM unnest(applications) AS v)
           || ARRAY(SELECT 'f:' || v FROM unnest(flags) AS v)
           || ARRAY(SELECT 'd:' || v FROM unnest(document_kinds) AS v)
  $$;

CREATE TABLE catalog.product_search (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  status text NOT NULL,
  published_at timestamptz,
  search_text text NOT NULL,
  facet_keys text[] NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, id) REFERENCES catalog.products (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX product_search_published_tokens_idx ON catalog.product_search USING gin (catalog.search_tokens_of(search_text)) WHERE status = 'published';

ALTER TABLE catalog.product_search ENABLE ROW LEVEL SECURITY;
ALTER TABLE catalog.product_search FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON catalog.product_search
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());
CREATE POLICY published_to_readers ON catalog.product_search FOR SELECT
  USING (status = 'published' AND (SELECT catalog.reader_plan()) IS NOT NULL);

-- Kept by the product's own writes (the writer is the product's tenant, so its policy admits them).
CREATE FUNCTION catalog.sync_product_search() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    INSERT INTO catalog.product_search (tenant_id, id, status, published_at, search_text, facet_keys)
    VALUES (NEW.tenant_id, NEW.id, NEW.status, NEW.published_at, NEW.search_text,
            catalog.facet_keys(NEW.tenant_id, NEW.category, NEW.applications, NEW.regulatory_flags, NEW.document_kinds))
    ON CONFLICT (tenant_id, id) DO UPDATE
      SET status = EXCLUDED.status, published_at = EXCLUDED.published_at, search_text = EXCLUDED.search_text, facet_keys = EXCLUDED.facet_keys;
    RETURN NULL;
  END
  $$;
CREATE TRIGGER sync_product_search AFTER INSERT OR UPDATE OF status, published_at, search_text, category, applications, regulatory_flags, document_kinds
  ON catalog.products FOR EACH ROW EXECUTE FUNCTION catalog.sync_product_search();

INSERT INTO catalog.product_search (tenant_id, id, status, published_at, search_text, facet_keys)
SELECT tenant_id, id, status, published_at, search_text, catalog.facet_keys(tenant_id, category, applications, regulatory_flags, document_kinds)
  FROM catalog.products;

-- The products' own token index is no longer searched.
DROP INDEX catalog.products_published_tokens_idx;

-- As for arraycontains (0022): under row-level security a condition is an index condition only
-- when its functions are LEAKPROOF. search_tokens_of only splits text and raises no error that
-- depends on it. Marking needs a superuser; without one search stays correct, only slower.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper) THEN
    ALTER FUNCTION catalog.search_tokens_of(text) LEAKPROOF;
  ELSE
    RAISE NOTICE 'catalog search: run "ALTER FUNCTION catalog.search_tokens_of(text) LEAKPROOF" as a superuser so that search uses its token index';
  END IF;
END $$;
