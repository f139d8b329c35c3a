import type { Tx } from '../../core/db/index.js';
import type { ServiceId } from '../services/index.js';
import { contractInForce, normalizeCompanyCode } from '../tenancy/index.js';
import type { ContractRecord } from './contractRepository.js';
import type { TenantListQuery } from './schemas.js';

const KATAKANA = Array.from({ length: 0x30f6 - 0x30a1 + 1 }, (_, i) => String.fromCharCode(0x30a1 + i)).join('');
const HIRAGANA = Array.from({ length: 0x3096 - 0x3041 + 1 }, (_, i) => String.fromCharCode(0x3041 + i)).join('');

/** Folds a search text as the SQL below folds names: NFKC, lower case, katakana to hiragana. */
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

const FOLDED = (column: string) => `translate(lower(normalize(${column}, NFKC)), '${KATAKANA}', '${HIRAGANA}')`;

/** One row of the tenant list. */
export interface TenantListRow {
  id: string;
  code: string;
  name: string;
  status: 'active' | 'suspended' | 'ended' | 'purged';
  contactEmail: string;
  /** Services under a running contract today. */
  services: ServiceId[];
  purgeOn: string | null;
  createdAt: Date;
}

const SORT_COLUMNS: Record<TenantListQuery['sort'], string> = {
  code: 't.code',
  name: 't.name',
  createdAt: 't.created_at',
  purgeOn: 't.purge_on',
};

/**
 * A page of tenants matching the filter (provider records only), with the services each
 * has under contract on `today` (JST date).
 */
export async function listTenants(tx: Tx, query: TenantListQuery, today: string, limit?: { all: true }): Promise<{ rows: TenantListRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.q) {
    params.push(`%${likeEscape(normalizeCompanyCode(query.q))}%`, `%${likeEscape(foldSearch(query.q))}%`);
    where.push(`(t.code LIKE $1 OR ${FOLDED('t.name')} LIKE $2 OR lower(t.contact_email) LIKE $2 OR lower(t.representative_email) LIKE $2)`);
  }
  if (query.status) {
    params.push(query.status);
    where.push(`t.status = $${params.length}`);
  }
  const condition = where.length ? where.join(' AND ') : 'true';
  const total = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ops.tenants t WHERE ${condition}`, params)).rows[0]?.n ?? 0;
  const order = `${SORT_COLUMNS[query.sort]} ${query.order === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, t.code`;
  const n = params.length;
  const page = limit?.all ? { size: 50_000, offset: 0 } : { size: query.pageSize, offset: (query.page - 1) * query.pageSize };
  const { rows } = await tx.query<TenantListRow>(
    `SELECT t.id, t.code, t.name, t.status, t.contact_email AS "contactEmail", to_char(t.purge_on, 'YYYY-MM-DD') AS "purgeOn",
            t.created_at AS "createdAt",
            COALESCE((SELECT array_agg(DISTINCT c.service ORDER BY c.service) FROM ops.contracts c
                       WHERE c.customer_id = t.id AND ${contractInForce('c', `$${n + 1}`)}), '{}') AS services
       FROM ops.tenants t
      WHERE ${condition}
      ORDER BY ${order}
      LIMIT $${n + 2} OFFSET $${n + 3}`,
    [...params, today, page.size, page.offset],
  );
  return { rows, total };
}

/** Where a contract stands on a JST date. */
export type ContractState = 'scheduled' | 'active' | 'ending' | 'ended';

export function contractState(contract: Pick<ContractRecord, 'startsOn' | 'endsOn'>, today: string): ContractState {
  if (contract.startsOn > today) return 'scheduled';
  if (contract.endsOn === null) return 'active';
  return contract.endsOn < today ? 'ended' : 'ending';
}

/** Users per service of the transaction's tenant (RLS decides which): counts only, no names. */
export async function userCountsOf(tx: Tx): Promise<{ total: number; byService: { service: ServiceId; users: number }[] }> {
  const total = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM platform.users WHERE status = 'active'`)).rows[0]?.n ?? 0;
  const { rows } = await tx.query<{ service: ServiceId; users: number }>(
    `SELECT m.service, count(*)::int AS users
       FROM platform.memberships m JOIN platform.users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
      WHERE u.status = 'active'
      GROUP BY m.service ORDER BY m.service`,
  );
  return { total, byService: rows };
}

/** Whether the transaction's tenant requires MFA of its users (its own setting). */
export async function mfaRequiredOf(tx: Tx): Promise<boolean> {
  const { rows } = await tx.query<{ required: boolean }>('SELECT mfa_required AS required FROM platform.tenant_settings WHERE tenant_id = platform.current_tenant()');
  return rows[0]?.required === true;
}

/** A member of the tenant's chemical survey, as staff manage them (9.2.1). */
export interface SurveyMemberRow {
  id: string;
  displayName: string;
  email: string;
  role: string;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
}

/** The members of the transaction's tenant's `survey` service: names, addresses and roles only. */
export async function listSurveyMembers(tx: Tx): Promise<SurveyMemberRow[]> {
  const { rows } = await tx.query<SurveyMemberRow>(
    `SELECT u.id, u.display_name AS "displayName", u.email, m.role, u.status, u.must_change_password AS "mustChangePassword"
       FROM platform.memberships m JOIN platform.users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
      WHERE m.service = 'survey'
      ORDER BY u.display_name, u.email`,
  );
  return rows;
}
