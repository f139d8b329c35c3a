-- データベース search ranking, the reader's plan and the products' tenant policy, cheaper per
-- product (ADR 0029). Visibility is unchanged: the policy below compares the same values, and both
-- functions return exactly what they returned.

-- The ranked lines of search_text (name, English name, grade, brand, category: SEARCH_LINES),
-- kept apart so that ranking a match reads a short text. search_text holds every searchable
-- field, a line each (about 300 bytes); a search with 5,000 results ranked each by cutting
-- lines out of it (about 1.4 µs a product). From the head, a term it lacks is ranked with one
-- search of 60 bytes. Generated from search_text, so it cannot disagree with it.
ALTER TABLE catalog.products
  ADD COLUMN search_head text NOT NULL GENERATED ALWAYS AS (
    split_part(search_text, E'\n', 1) || E'\n' || split_part(search_text, E'\n', 2) || E'\n' ||
    split_part(search_text, E'\n', 3) || E'\n' || split_part(search_text, E'\n', 4) || E'\n' ||
    split_part(search_text, E'\n', 5)
  ) STORED;

-- The plan functions in PL/pgSQL: a SQL function that cannot be inlined (these aggregate) is
-- planned again at each call site of each statement, about 0.15–0.3 ms; PL/pgSQL keeps its plan
-- for the connection (0.03 ms). Each policy on a catalog table calls reader_plan() once per
-- statement (0022), so a search paid that three or four times. Same query, same result.
CREATE OR REPLACE FUNCTION catalog.reader_plan() RETURNS text
  LANGUAGE plpgsql STABLE
  AS $$
BEGIN
  RETURN (
    SELECT CASE WHEN bool_or(c.catalog_subscription = 'paid') THEN 'paid'
                WHEN bool_or(c.catalog_subscription = 'free') THEN 'free' END
      FROM ops.contracts c
     WHERE c.customer_id = platform.current_tenant() AND c.service = 'catalog'
       AND c.starts_on <= (now() AT TIME ZONE 'UTC' + interval '9 hours')::date
       AND (c.ends_on IS NULL OR c.ends_on >= (now() AT TIME ZONE 'UTC' + interval '9 hours')::date));
END
$$;

CREATE OR REPLACE FUNCTION catalog.may_publish() RETURNS boolean
  LANGUAGE plpgsql STABLE
  AS $$
BEGIN
  RETURN (
    SELECT coalesce(bool_or(c.catalog_publisher), false)
      FROM ops.contracts c
     WHERE c.customer_id = platform.current_tenant() AND c.service = 'catalog'
       AND c.starts_on <= (now() AT TIME ZONE 'UTC' + interval '9 hours')::date
       AND (c.ends_on IS NULL OR c.ends_on >= (now() AT TIME ZONE 'UTC' + interval '9 hours')::date));
END
$$;

-- The products' tenant policy with the tenant read once per statement: written inline, the
-- setting is read and cast to uuid for every product a statement looks at (a search with
-- 5,000 results: about 2 ms of its 17 in reading the table). As a scalar subquery it is an
-- InitPlan, evaluated once, as reader_plan() became in 0022. Same comparison, same rows.
ALTER POLICY tenant_isolation ON catalog.products
  USING (tenant_id = (SELECT platform.current_tenant()))
  WITH CHECK (tenant_id = (SELECT platform.current_tenant()));
