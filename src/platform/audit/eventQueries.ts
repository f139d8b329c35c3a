import { z } from 'zod';
import type { Tx } from '../../core/db/index.js';
import { messageKey, messages } from '../../core/messages.js';

messages.add({
  'audit.action_format': { ja: '操作名は半角英小文字・数字・「.」「_」で入力してください（例: auth.login）。', en: 'Enter an action name in lower-case letters, digits, “.” and “_” (e.g. auth.login).' },
  'audit.period_order': { ja: '終了日時は開始日時より後にしてください。', en: 'The end must be after the start.' },
});

const filterFields = z.object({
  /** Part of the actor's name, or the actor's id. Width and kana variants are folded. */
  actor: z.string().trim().max(200).optional(),
  actorType: z.enum(['user', 'staff', 'system', 'anonymous']).optional(),
  /** An action name or its leading part, e.g. `auth.login`. */
  action: z.string().trim().max(100).regex(/^[a-z0-9_.]*$/, { message: messageKey('audit.action_format') }).optional(),
  result: z.enum(['success', 'failure', 'denied']).optional(),
  /** From this instant (inclusive), ISO 8601 with offset. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Until this instant (exclusive). */
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const periodInOrder = (f: { from?: string | undefined; to?: string | undefined }) => !f.from || !f.to || new Date(f.from) < new Date(f.to);
const periodRule = { message: messageKey('audit.period_order'), path: ['to'] };

/** The filters of an event log screen: who, what, when, result; kept in the URL by the UI. */
export const eventFilterSchema = filterFields.refine(periodInOrder, periodRule);

export type EventFilter = z.infer<typeof eventFilterSchema>;

/** Operator-log filters: the same, plus the customer a staff action concerned. */
export const operatorEventFilterSchema = filterFields.extend({ customerId: z.uuid().optional() }).refine(periodInOrder, periodRule);

export type OperatorEventFilter = z.infer<typeof operatorEventFilterSchema>;

/** One event as the screens show it. */
export interface EventView {
  id: string;
  seq: number | null;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabels: string[];
  result: string;
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  changes: Record<string, unknown> | null;
  customerId?: string | null;
}

const KATAKANA = Array.from({ length: 0x30f6 - 0x30a1 + 1 }, (_, i) => String.fromCharCode(0x30a1 + i)).join('');
const HIRAGANA = Array.from({ length: 0x3096 - 0x3041 + 1 }, (_, i) => String.fromCharCode(0x3041 + i)).join('');

/** Folds a search text the way names are folded in SQL: NFKC, lower case, katakana to hiragana. */
export function foldSearch(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC').toLowerCase()) {
    const i = KATAKANA.indexOf(ch);
    out += i >= 0 ? HIRAGANA[i] : ch;
  }
  return out;
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** WHERE conditions and parameters for a filter; parameters are numbered after `offset`. */
function conditions(filter: EventFilter & { customerId?: string }, offset: number): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    parts.push(sql(`$${offset + params.length}`));
  };
  if (filter.actor) {
    if (UUID.test(filter.actor)) add((n) => `actor_id = ${n}::uuid`, filter.actor.toLowerCase());
    else add((n) => `translate(lower(normalize(coalesce(actor_name, ''), NFKC)), '${KATAKANA}', '${HIRAGANA}') LIKE ${n}`, `%${likeEscape(foldSearch(filter.actor))}%`);
  }
  if (filter.actorType) add((n) => `actor_type = ${n}`, filter.actorType);
  if (filter.action) add((n) => `action LIKE ${n}`, `${likeEscape(filter.action)}%`);
  if (filter.result) add((n) => `result = ${n}`, filter.result);
  if (filter.from) add((n) => `occurred_at >= ${n}::timestamptz`, filter.from);
  if (filter.to) add((n) => `occurred_at < ${n}::timestamptz`, filter.to);
  if (filter.customerId) add((n) => `customer_id = ${n}::uuid`, filter.customerId);
  return { sql: parts.length ? parts.join(' AND ') : 'true', params };
}

const VIEW_COLUMNS = `id, seq::float8 AS seq, occurred_at AS "occurredAt", actor_type AS "actorType", actor_id AS "actorId",
  actor_name AS "actorName", action, target_type AS "targetType", target_id AS "targetId", target_labels AS "targetLabels",
  result, reason, ip, user_agent AS "userAgent", request_id AS "requestId", details, changes`;

export interface EventPage {
  events: EventView[];
  total: number;
  page: number;
  pageSize: number;
}

async function page(tx: Tx, table: string, extraColumns: string, filter: EventFilter & { customerId?: string }, withTotal = true): Promise<EventPage> {
  const where = conditions(filter, 0);
  const total = withTotal ? (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where.sql}`, where.params)).rows[0]!.n : -1;
  const { rows } = await tx.query<EventView>(
    `SELECT ${VIEW_COLUMNS}${extraColumns} FROM ${table} WHERE ${where.sql}
      ORDER BY occurred_at DESC, seq DESC NULLS LAST LIMIT $${where.params.length + 1} OFFSET $${where.params.length + 2}`,
    [...where.params, filter.pageSize, (filter.page - 1) * filter.pageSize],
  );
  return { events: rows, total, page: filter.page, pageSize: filter.pageSize };
}

/** A page of the transaction's tenant's event log (RLS decides the tenant), newest first. */
export function listTenantEvents(tx: Tx, filter: EventFilter): Promise<EventPage> {
  return page(tx, 'audit.tenant_events', '', filter);
}

/** A page of the operator work log, newest first. */
export function listOperatorEvents(tx: Tx, filter: OperatorEventFilter): Promise<EventPage> {
  return page(tx, 'audit.operator_events', ', customer_id AS "customerId"', filter);
}

/** The most rows one CSV export holds; narrow the filter for more. */
export const CSV_MAX_ROWS = 50_000;

/** Every matching event of the tenant, newest first, up to CSV_MAX_ROWS, read in pages. */
export async function* tenantEventsForExport(tx: Tx, filter: EventFilter): AsyncGenerator<EventView[]> {
  const pageSize = 1_000;
  for (let n = 1; (n - 1) * pageSize < CSV_MAX_ROWS; n++) {
    const { events } = await page(tx, 'audit.tenant_events', '', { ...filter, page: n, pageSize }, false);
    if (events.length) yield events;
    if (events.length < pageSize) return;
  }
}
