-- Operations by the end of their slot, for the planning views that ask for the operations
-- overlapping a period (start_at < period end AND end_at > period start): the Gantt chart and
-- the weekly load. Without it PostgreSQL reads every operation of the tenant through the
-- primary key and filters; with (tenant_id, start_at) it would still read the whole history
-- before the period's end. Scanning from the period's start on end_at skips the history, which
-- is where a tenant's operations accumulate, and start_at in the index drops the later ones
-- without visiting the table. EXPLAIN ANALYZE on PostgreSQL 15, a tenant with 24,000 operations
-- over two years and 1,663 of them in a 91-day window: before, 24,000 rows read and 22,337
-- thrown away (scan and joins 45 ms); after, 1,663 rows read (scan and joins 3 ms).
CREATE INDEX operations_period_idx ON process.operations (tenant_id, end_at, start_at);
