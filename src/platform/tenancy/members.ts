import type { Tx } from '../../core/db/index.js';
import type { Membership } from '../services/index.js';

export interface MemberRow {
  id: string;
  email: string;
  displayName: string;
  status: 'active' | 'disabled';
  memberships: Membership[];
}

const MEMBER_COLUMNS = `u.id, u.email, u.display_name AS "displayName", u.status,
  COALESCE((SELECT json_agg(json_build_object('service', m.service, 'role', m.role) ORDER BY m.service)
              FROM platform.memberships m WHERE m.tenant_id = u.tenant_id AND m.user_id = u.id), '[]') AS memberships`;

/** Members of the transaction's tenant (RLS decides which tenant), by name. */
export async function listMembers(tx: Tx): Promise<MemberRow[]> {
  const { rows } = await tx.query<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM platform.users u ORDER BY u.display_name, u.email`);
  return rows;
}

/** One member of the transaction's tenant; another tenant's id finds nothing. */
export async function findMember(tx: Tx, userId: string): Promise<MemberRow | undefined> {
  const { rows } = await tx.query<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM platform.users u WHERE u.id = $1`, [userId]);
  return rows[0];
}
