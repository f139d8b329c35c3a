-- データベース search at 100,000 products (bench/catalogSearch.bench.ts). Visibility is unchanged:
-- every policy below reads exactly as in 0020; only how PostgreSQL evaluates it changes.

-- Lookups of a product by its id alone. Comparison, saved lists and the product page are
-- addressed by product id (the reader does not know the publisher), and the primary key is
-- (tenant_id, id); without this index each such lookup read every product.
CREATE INDEX products_id_idx ON catalog.products (id);

-- The reader's plan once per statement, not once per row. A plain call of the STABLE function
-- catalog.reader_plan() in a policy is evaluated for every row the policy sees (a query of
-- ops.contracts each time: about a second for 20,000 published products); as a scalar subquery
-- it is an InitPlan, evaluated once. Same expressions as 0020 otherwise.
ALTER POLICY catalog_readers ON catalog.publishers
  USING ((SELECT catalog.reader_plan()) IS NOT NULL
         AND EXISTS (SELECT 1 FROM catalog.products p WHERE p.tenant_id = publishers.tenant_id AND p.status = 'published'));
ALTER POLICY paid_readers ON catalog.publisher_contacts
  USING ((SELECT catalog.reader_plan()) = 'paid'
         AND EXISTS (SELECT 1 FROM catalog.products p WHERE p.tenant_id = publisher_contacts.tenant_id AND p.status = 'published'));
ALTER POLICY published_to_readers ON catalog.products
  USING (status = 'published' AND (SELECT catalog.reader_plan()) IS NOT NULL);
ALTER POLICY paid_with_visible_product ON catalog.product_properties
  USING ((SELECT catalog.reader_plan()) = 'paid'
         AND EXISTS (SELECT 1 FROM catalog.products p WHERE p.tenant_id = product_properties.tenant_id AND p.id = product_properties.product_id));
ALTER POLICY paid_with_visible_product ON catalog.product_documents
  USING ((SELECT catalog.reader_plan()) = 'paid'
         AND EXISTS (SELECT 1 FROM catalog.products p WHERE p.tenant_id = product_documents.tenant_id AND p.id = product_documents.product_id));

-- The token index under row-level security. PostgreSQL uses a query's condition as an index
-- condition on a table with policies only when its operator is LEAKPROOF (else the policies
-- must filter every row first), and array containment (@>, arraycontains) is not marked so: the
-- search's `search_tokens @> $tokens` could only run as a sequential scan of all products
-- (about 45 ms per 20,000 products, against 2 ms through products_published_tokens_idx).
-- arraycontains compares elements with their type's equality and raises no error that depends
-- on the values, and for the text[] columns searched here that equality (texteq) is itself
-- leakproof; the application role runs only the application's SQL. Marking a function leakproof
-- needs a superuser: a migration owner that is not one leaves it as it was (search stays
-- correct, only slower) and says so.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper) THEN
    ALTER FUNCTION pg_catalog.arraycontains(anyarray, anyarray) LEAKPROOF;
  ELSE
    RAISE NOTICE 'catalog search: run "ALTER FUNCTION pg_catalog.arraycontains(anyarray, anyarray) LEAKPROOF" as a superuser so that search uses its token index';
  END IF;
END $$;
