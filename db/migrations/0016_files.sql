-- Stored files of tenants (CLD.9.5.1, 10.1.1): the metadata of each file; its contents live in
-- the file store (local folder or S3 bucket) under tenant/<tenant_id>/<service>/<id>, sealed
-- with a random per-file key that the tenant's data key wraps (see src/platform/files/fileCrypto.ts).
-- A deleted file keeps its row (deleted_at) for the record; its contents are gone.
CREATE TABLE platform.files (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  id uuid NOT NULL,
  service text NOT NULL CHECK (service ~ '^[a-z][a-z0-9_]{0,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  content_type text NOT NULL CHECK (length(content_type) BETWEEN 3 AND 200),
  bytes bigint NOT NULL CHECK (bytes >= 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text NOT NULL,
  stored_bytes bigint NOT NULL CHECK (stored_bytes >= 0),
  key_version int NOT NULL CHECK (key_version >= 1),
  created_by uuid,
  created_at timestamptz NOT NULL,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, storage_key),
  CHECK (storage_key = 'tenant/' || tenant_id::text || '/' || service || '/' || id::text)
);
CREATE INDEX files_service_idx ON platform.files (tenant_id, service, created_at);
ALTER TABLE platform.files ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.files FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON platform.files
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());
