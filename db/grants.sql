-- Applied after every migration run (idempotent). The application role gets exactly
-- what serving requests needs; the audit schema is append-only for it.
GRANT USAGE ON SCHEMA ops, platform, audit, process, catalog, survey TO sotas_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ops, platform, process, catalog, survey TO sotas_app;
REVOKE ALL ON ALL TABLES IN SCHEMA audit FROM sotas_app;
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA audit TO sotas_app;
-- Chain heads move with every entry (locked by the writer); no other audit table may change.
GRANT UPDATE ON audit.tenant_chain_heads, audit.operator_chain_head TO sotas_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ops, platform, audit, process, catalog, survey TO sotas_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA platform TO sotas_app;
