-- 問い合わせの添付ファイル: which platform file a tenant uploaded for which inquiry, and the
-- message it went out with. A message may only carry files its own tenant uploaded for that
-- inquiry, each once; the name and size are copied here because the other side of the inquiry
-- cannot read the writer's platform.files rows (RLS), yet must see what is attached.
CREATE TABLE catalog.inquiry_files (
  tenant_id uuid NOT NULL REFERENCES ops.tenants (id),
  file_id uuid NOT NULL,
  inquiry_id uuid NOT NULL REFERENCES catalog.inquiries (id) ON DELETE CASCADE,
  -- NULL until a message of the same tenant takes the file.
  message_id uuid,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  bytes bigint NOT NULL CHECK (bytes >= 0),
  created_by uuid,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, file_id),
  FOREIGN KEY (tenant_id, file_id) REFERENCES platform.files (tenant_id, id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES catalog.inquiry_messages (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX inquiry_files_inquiry_idx ON catalog.inquiry_files (tenant_id, inquiry_id, created_at);
CREATE INDEX inquiry_files_thread_idx ON catalog.inquiry_files (inquiry_id);

ALTER TABLE catalog.inquiry_files ENABLE ROW LEVEL SECURITY;
ALTER TABLE catalog.inquiry_files FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON catalog.inquiry_files
  USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant());
-- Both sides of an inquiry see what is attached to its messages (the files stay the writer's).
CREATE POLICY thread_readers ON catalog.inquiry_files FOR SELECT
  USING (message_id IS NOT NULL AND EXISTS (SELECT 1 FROM catalog.inquiries i WHERE i.id = inquiry_files.inquiry_id));
