import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { withTenant } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import type { AuditOrigin } from '../../../platform/audit/index.js';
import { openTenantFile, receiveTenantFileUpload, type TenantFile, type TenantFileDeps } from '../../../platform/files/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { currentPlan } from '../shared/plan.js';
import { auditCatalog, iso, notFound, type CatalogWrite } from './catalogWrite.js';
import type { documentQuery } from './productSchemas.js';
import { documentsWithFiles, readDocuments, type DocumentView } from './productView.js';

type DocumentMeta = z.infer<typeof documentQuery>;

/** The own product a document is added to: 404 for others', 409 when archived. */
async function assertDocumentTarget(w: Pick<CatalogWrite, 'tx' | 'actor'>, productId: string, lock: boolean): Promise<{ name: string }> {
  const { rows } = await w.tx.query<{ tenant_id: string; name: string; status: string }>(
    `SELECT tenant_id, name, status FROM catalog.products WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [productId],
  );
  const row = rows[0];
  if (!row || row.tenant_id !== w.actor.tenantId) throw notFound();
  if (row.status === 'archived') throw new AppError('catalog.product_not_editable');
  return row;
}

/** Stores the current document kinds of a product for the document-type facet. */
async function refreshDocumentKinds(w: CatalogWrite, productId: string): Promise<void> {
  await w.tx.query(
    `UPDATE catalog.products SET document_kinds = ARRAY(
       SELECT DISTINCT d.kind FROM catalog.product_documents d WHERE d.tenant_id = $1 AND d.product_id = $2 AND d.is_current ORDER BY d.kind),
       updated_at = $3
     WHERE tenant_id = $1 AND id = $2`,
    [w.actor.tenantId, productId, w.clock.now()],
  );
}

/**
 * Receives a document file of an own product and records it as the current document of its
 * kind and language; the one it supersedes stays as an older version. File and rows are
 * stored together or not at all; `catalog.document.added` is recorded with them.
 */
export async function addDocument(
  files: TenantFileDeps,
  request: Pick<FastifyRequest, 'headers' | 'body'>,
  actor: UserActor,
  origin: AuditOrigin,
  productId: string,
  meta: DocumentMeta,
): Promise<DocumentView> {
  // Checked before the upload is read as well, so a wrong product fails fast.
  await withTenant(files.db, actor.tenantId, (tx) => assertDocumentTarget({ tx, actor }, productId, false));
  let created: { id: string; createdAt: unknown } | undefined;
  const file: TenantFile = await receiveTenantFileUpload(request, files, {
    tenantId: actor.tenantId,
    service: 'catalog',
    actor: { type: 'user', id: actor.userId, name: actor.displayName },
    origin,
    inTransaction: async (tx, stored) => {
      const w: CatalogWrite = { tx, clock: files.clock, actor, origin };
      const product = await assertDocumentTarget(w, productId, true);
      await tx.query(
        'UPDATE catalog.product_documents SET is_current = false WHERE tenant_id = $1 AND product_id = $2 AND kind = $3 AND language = $4 AND is_current',
        [actor.tenantId, productId, meta.kind, meta.language],
      );
      const { rows } = await tx.query<{ id: string; created_at: unknown }>(
        `INSERT INTO catalog.product_documents (tenant_id, product_id, kind, language, doc_version, issued_on, file_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9) RETURNING id, created_at`,
        [actor.tenantId, productId, meta.kind, meta.language, meta.docVersion, meta.issuedOn, stored.id, actor.userId, files.clock.now()],
      );
      created = { id: rows[0]!.id, createdAt: rows[0]!.created_at };
      await refreshDocumentKinds(w, productId);
      await auditCatalog(w, 'catalog.document.added', { type: 'catalog.document', id: created.id }, {
        productId,
        productName: product.name,
        kind: meta.kind,
        language: meta.language,
        docVersion: meta.docVersion,
        fileName: stored.name,
      });
    },
  });
  const doc = created!;
  return { id: doc.id, kind: meta.kind, language: meta.language, docVersion: meta.docVersion, issuedOn: meta.issuedOn, fileName: file.name, bytes: file.bytes, isCurrent: true, createdAt: iso(doc.createdAt) };
}

/**
 * The documents of a visible product, all versions or current ones: for its own tenant and
 * paid readers (403 `catalog.paid_only` for others who can see the product).
 */
export async function listDocuments(files: Pick<TenantFileDeps, 'db'>, actor: UserActor, productId: string, all: boolean): Promise<DocumentView[]> {
  const found = await withTenant(files.db, actor.tenantId, async (tx) => {
    const { rows } = await tx.query<{ tenant_id: string }>('SELECT tenant_id FROM catalog.products WHERE id = $1', [productId]);
    const product = rows[0];
    if (!product) throw notFound();
    if (product.tenant_id !== actor.tenantId && (await currentPlan(tx)).subscription !== 'paid') throw new AppError('catalog.paid_only');
    return { tenantId: product.tenant_id, rows: await readDocuments(tx, product.tenant_id, productId, all) };
  });
  return documentsWithFiles(files.db, found.tenantId, found.rows);
}

/**
 * Opens a document for download. Whether the reader may have it is decided in the reader's
 * transaction (RLS: own, or paid with the product visible; anyone else gets 404); the file
 * is the publisher's, so it is opened in the publisher's tenant. The download is recorded
 * in the reader's log.
 */
export async function downloadDocument(files: Omit<TenantFileDeps, 'maxBytes'>, actor: UserActor, origin: AuditOrigin, documentId: string): Promise<{ file: TenantFile; stream: Readable }> {
  const doc = await withTenant(files.db, actor.tenantId, async (tx) => {
    const { rows } = await tx.query<{ tenant_id: string; product_id: string; file_id: string; kind: string; language: string; doc_version: string }>(
      'SELECT tenant_id, product_id, file_id, kind, language, doc_version FROM catalog.product_documents WHERE id = $1',
      [documentId],
    );
    return rows[0];
  });
  if (!doc) throw notFound();
  const opened = await openTenantFile(files, { tenantId: doc.tenant_id, fileId: doc.file_id });
  try {
    await withTenant(files.db, actor.tenantId, (tx) =>
      auditCatalog({ tx, clock: files.clock, actor, origin }, 'catalog.document.downloaded', { type: 'catalog.document', id: documentId }, {
        publisherTenantId: doc.tenant_id,
        productId: doc.product_id,
        kind: doc.kind,
        language: doc.language,
        docVersion: doc.doc_version,
        fileName: opened.file.name,
      }),
    );
  } catch (error) {
    opened.stream.destroy();
    throw error;
  }
  return opened;
}
