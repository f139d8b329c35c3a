import { z } from 'zod';
import type { Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { auditUserChange } from '../../../platform/services/index.js';
import { checkProducts } from './checkEngine.js';
import type { ListWrite } from './listCommands.js';
import { findVersion, iso } from './listViews.js';

const outcome = z.enum(['compliant', 'above_threshold', 'exempted', 'no_data']);

export const findingView = z.object({
  entryName: z.string(),
  cas: z.string().nullable(),
  internalId: z.string().nullable(),
  thresholdPercent: z.number(),
  basis: z.enum(['material', 'article']),
  concentrationPercent: z.number(),
  massG: z.number().nullable(),
  path: z.array(z.string()),
  aboveThreshold: z.boolean(),
  exemption: z.string().nullable(),
});

export const checkResultView = z.object({
  id: z.string(),
  subjectKind: z.enum(['product', 'response']),
  subjectId: z.string(),
  subjectKey: z.string(),
  listId: z.string(),
  listCode: z.string(),
  listName: z.string(),
  listVersionId: z.string(),
  versionNo: z.number(),
  versionLabel: z.string(),
  outcome,
  findings: z.array(findingView),
  changed: z.boolean(),
  changeSummary: z.object({ previousOutcome: outcome.optional(), added: z.array(z.string()).optional(), removed: z.array(z.string()).optional() }),
  acknowledgedAt: z.string().nullable(),
  checkedAt: z.string(),
});
export type CheckResultView = z.infer<typeof checkResultView>;

export const changedProductView = checkResultView.extend({ productNumber: z.string(), productName: z.string() });

export const checkRequestSchema = z.strictObject({
  /** Versions to check against; default: the current version of every list that is not archived. */
  listVersionIds: z.array(z.uuid()).min(1).max(50).optional(),
});

interface ResultRow {
  id: string;
  subject_kind: 'product' | 'response';
  subject_id: string;
  subject_key: string;
  list_id: string;
  list_code: string;
  list_name: string;
  list_version_id: string;
  version_no: number;
  version_label: string;
  outcome: z.infer<typeof outcome>;
  findings: z.infer<typeof findingView>[];
  changed: boolean;
  change_summary: CheckResultView['changeSummary'];
  acknowledged_at: unknown;
  checked_at: unknown;
}

const RESULT_SELECT = `
  SELECT r.id, r.subject_kind, r.subject_id, r.subject_key, r.list_id, l.code AS list_code, l.name AS list_name,
         r.list_version_id, v.version_no, v.label AS version_label, r.outcome, r.findings, r.changed, r.change_summary,
         r.acknowledged_at, r.checked_at
    FROM survey.check_results r
    JOIN survey.list_versions v ON v.tenant_id = r.tenant_id AND v.id = r.list_version_id
    JOIN survey.substance_lists l ON l.tenant_id = v.tenant_id AND l.id = v.list_id`;

function presentResult(r: ResultRow): CheckResultView {
  return {
    id: r.id,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    subjectKey: r.subject_key,
    listId: r.list_id,
    listCode: r.list_code,
    listName: r.list_name,
    listVersionId: r.list_version_id,
    versionNo: Number(r.version_no),
    versionLabel: r.version_label,
    outcome: r.outcome,
    findings: r.findings,
    changed: r.changed,
    changeSummary: r.change_summary,
    acknowledgedAt: r.acknowledged_at === null ? null : iso(r.acknowledged_at),
    checkedAt: iso(r.checked_at),
  };
}

async function requireProduct(tx: Tx, productId: string): Promise<void> {
  const { rows } = await tx.query(`SELECT 1 FROM survey.products WHERE id = $1`, [productId]);
  if (rows.length === 0) throw new AppError('survey.check_product_not_found', { internal: `product ${productId} is not visible` });
}

/** The product's results against the current version of every list that is not archived, by list code. */
export async function productCheckResults(tx: Tx, productId: string): Promise<CheckResultView[]> {
  await requireProduct(tx, productId);
  const { rows } = await tx.query<ResultRow>(
    `${RESULT_SELECT}
      WHERE r.subject_kind = 'product' AND r.subject_id = $1 AND NOT l.archived
        AND v.version_no = (SELECT max(x.version_no) FROM survey.list_versions x WHERE x.tenant_id = l.tenant_id AND x.list_id = l.id)
      ORDER BY l.code`,
    [productId],
  );
  return rows.map(presentResult);
}

/**
 * Checks one product now against the given versions (default: the current version of every list
 * that is not archived), stores the results and records the check.
 */
export async function checkProductNow(w: ListWrite, productId: string, versionIds?: readonly string[]): Promise<CheckResultView[]> {
  await requireProduct(w.tx, productId);
  const wanted = versionIds ? [...new Set(versionIds.map((id) => id.toLowerCase()))] : undefined;
  const checked = await checkProducts(w.tx, w.actor.tenantId, [productId], w.clock, wanted);
  const { rows } = await w.tx.query<ResultRow>(`${RESULT_SELECT} WHERE r.subject_kind = 'product' AND r.subject_id = $1 AND r.list_version_id = ANY($2::uuid[]) ORDER BY l.code, v.version_no`, [
    productId,
    checked,
  ]);
  const results = rows.map(presentResult);
  await auditUserChange(w, 'survey.product.checked', { type: 'survey_product', id: productId }, { results: results.map((r) => ({ listVersionId: r.listVersionId, outcome: r.outcome, changed: r.changed })) });
  return results;
}

/** Marks a result as looked at (once; acknowledging again changes nothing). */
export async function acknowledgeResult(w: ListWrite, resultId: string): Promise<CheckResultView> {
  const { rows } = await w.tx.query<{ acknowledged_at: unknown }>(`SELECT acknowledged_at FROM survey.check_results WHERE id = $1 FOR UPDATE`, [resultId]);
  if (!rows[0]) throw new AppError('survey.check_result_not_found', { internal: `check result ${resultId} is not visible` });
  if (rows[0].acknowledged_at === null) {
    await w.tx.query(`UPDATE survey.check_results SET acknowledged_at = $2 WHERE id = $1`, [resultId, w.clock.now()]);
    await auditUserChange(w, 'survey.check_result.acknowledged', { type: 'survey_check_result', id: resultId });
  }
  const { rows: result } = await w.tx.query<ResultRow>(`${RESULT_SELECT} WHERE r.id = $1`, [resultId]);
  return presentResult(result[0]!);
}

/** The products whose result this version changed against the previous one, by product number. */
export async function versionChanges(tx: Tx, listId: string, versionId: string): Promise<z.infer<typeof changedProductView>[]> {
  await findVersion(tx, listId, versionId);
  const { rows } = await tx.query<ResultRow & { product_number: string; product_name: string }>(
    `SELECT q.*, p.product_number, p.name AS product_name FROM (${RESULT_SELECT}
        WHERE r.list_version_id = $1 AND r.subject_kind = 'product' AND r.changed) q
       JOIN survey.products p ON p.id = q.subject_id
      ORDER BY p.product_number`,
    [versionId],
  );
  return rows.map((r) => ({ ...presentResult(r), productNumber: r.product_number, productName: r.product_name }));
}
