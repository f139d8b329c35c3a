-- 工程管理: the order list reads a tenant's orders by due date, then order number
-- (`ORDER BY o.due_at, o.order_no`, 50 to a page). With this index PostgreSQL walks the
-- tenant's orders in that order and stops after the page instead of sorting all of them; the
-- tenant (row-level security's condition) comes first, as in every index of a tenant table.
-- A due-date range (`from`/`to`) of the list uses it as well.
CREATE INDEX orders_due_order_no_idx ON process.orders (tenant_id, due_at, order_no);
