import type { Clock } from '../../../core/clock.js';
import { AppError } from '../../../core/errors.js';
import type { Tx } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../../platform/audit/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { currentPlan } from '../shared/plan.js';
import { HIT_COLUMNS, presentHits, type HitRow } from './hits.js';
import { iso } from '../products/catalogWrite.js';
import type { SearchHit } from './searchViews.js';

/** 使用中 (in use) or 検討中 (watching): the two lists a tenant keeps, shared by its members. */
export type ListName = 'in_use' | 'watching';
export const LIST_NAMES: readonly ListName[] = ['in_use', 'watching'];

/** A product on a list, as the list shows it. */
export type ListItem = SearchHit & { note: string; addedAt: string };

/** A list entry as PUT returns it. */
export interface ListEntry {
  list: ListName;
  productId: string;
  note: string;
  addedAt: string;
}

/** What a list change runs in: the tenant's transaction, who acts, and from where. */
export interface ListWrite {
  tx: Tx;
  clock: Clock;
  actor: UserActor;
  origin: AuditOrigin;
}

async function requireSubscription(tx: Tx): Promise<void> {
  if ((await currentPlan(tx)).subscription === null) throw new AppError('catalog.no_subscription');
}

/**
 * The tenant's list, newest first. Only products that are published and visible to the reader
 * show: an entry whose product was withdrawn stays stored and returns when it is published again.
 */
export async function listItems(tx: Tx, list: ListName): Promise<ListItem[]> {
  await requireSubscription(tx);
  const { rows } = await tx.query<HitRow & { note: string; added_at: unknown }>(
    `SELECT ${HIT_COLUMNS}, l.note, l.added_at
       FROM catalog.list_entries l
       JOIN catalog.products p ON p.tenant_id = l.product_tenant_id AND p.id = l.product_id
      WHERE l.list = $1 AND p.status = 'published'
      ORDER BY l.added_at DESC, p.id`,
    [list],
  );
  const hits = await presentHits(tx, rows);
  return hits.map((hit, i) => ({ ...hit, note: rows[i]!.note, addedAt: iso(rows[i]!.added_at) }));
}

/** The published product the reader sees with this id (its tenant), or 404. */
async function visibleProductTenant(tx: Tx, productId: string): Promise<string> {
  const { rows } = await tx.query<{ tenant_id: string }>(`SELECT p.tenant_id FROM catalog.products p WHERE p.id = $1 AND p.status = 'published'`, [productId]);
  if (!rows[0]) throw new AppError('not_found');
  return rows[0].tenant_id;
}

/**
 * Puts a published product the reader sees on the list, or changes its note when it is already
 * there, and records `catalog.list.added`.
 */
export async function putListEntry(w: ListWrite, list: ListName, productId: string, note: string | undefined): Promise<ListEntry> {
  await requireSubscription(w.tx);
  const productTenantId = await visibleProductTenant(w.tx, productId);
  const { rows } = await w.tx.query<{ note: string; added_at: unknown }>(
    `INSERT INTO catalog.list_entries (tenant_id, list, product_tenant_id, product_id, note, added_by, added_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant_id, list, product_tenant_id, product_id)
       DO UPDATE SET note = coalesce($8, catalog.list_entries.note)
     RETURNING note, added_at`,
    [w.actor.tenantId, list, productTenantId, productId, note ?? '', w.actor.userId, w.clock.now(), note ?? null],
  );
  const entry = { list, productId, note: rows[0]!.note, addedAt: iso(rows[0]!.added_at) };
  await recordTenantEvent(w.tx, w.clock, w.actor.tenantId, w.origin, {
    actor: { type: 'user', id: w.actor.userId, name: w.actor.displayName },
    action: 'catalog.list.added',
    target: { type: 'catalog.product', id: productId },
    result: 'success',
    details: { list, productTenantId },
  });
  return entry;
}

/** Takes a product off the list (404 when it is not on it) and records `catalog.list.removed`. */
export async function removeListEntry(w: ListWrite, list: ListName, productId: string): Promise<void> {
  await requireSubscription(w.tx);
  const { rows } = await w.tx.query<{ product_tenant_id: string }>(
    'DELETE FROM catalog.list_entries WHERE list = $1 AND product_id = $2 RETURNING product_tenant_id',
    [list, productId],
  );
  if (!rows[0]) throw new AppError('not_found');
  await recordTenantEvent(w.tx, w.clock, w.actor.tenantId, w.origin, {
    actor: { type: 'user', id: w.actor.userId, name: w.actor.displayName },
    action: 'catalog.list.removed',
    target: { type: 'catalog.product', id: productId },
    result: 'success',
    details: { list, productTenantId: rows[0].product_tenant_id },
  });
}
