import { AppError } from '../../../core/errors.js';
import type { Tx } from '../../../core/db/index.js';
import { messageKey, messages } from '../../../core/messages.js';

messages.add({
  'process.named_users_invalid': {
    ja: '閲覧できるユーザーに、工程管理の有効なメンバーではない人が含まれています。一覧から選び直してください。',
    en: 'The named users include someone who is not an active member of process management. Choose them again from the list.',
  },
});

/** A user who may be named on a confidential record, as the picker lists them. */
export interface NamedUserChoice {
  id: string;
  displayName: string;
  email: string;
  status: 'active' | 'disabled';
}

/**
 * The tenant's process members (active and disabled: a disabled one already named on a record
 * stays visible in the picker so that it can be taken off), by name. Runs in the tenant's
 * transaction, so row-level security keeps other tenants' users out.
 */
export async function listNamedUserChoices(tx: Tx): Promise<NamedUserChoice[]> {
  const { rows } = await tx.query<NamedUserChoice>(
    `SELECT u.id, u.display_name AS "displayName", u.email, u.status
       FROM platform.users u
       JOIN platform.memberships m ON m.tenant_id = u.tenant_id AND m.user_id = u.id AND m.service = 'process'
      ORDER BY u.display_name, u.email`,
  );
  return rows;
}

/**
 * Refuses (400, nothing written) named users who are not active members of the tenant's
 * process service: unknown ids, other tenants' users, users without process membership and
 * disabled users. Users already named on the record (`alreadyNamed`) may stay even when
 * disabled since, so that an unrelated change of the record does not fail on them.
 */
export async function assertNamedUsers(tx: Tx, namedUsers: readonly string[] | undefined, alreadyNamed: readonly string[] = []): Promise<void> {
  if (!namedUsers) return;
  // UUIDs compare in lower case: the database prints them so, a client may send either.
  const kept = new Set(alreadyNamed.map((id) => id.toLowerCase()));
  const added = [...new Set(namedUsers.map((id) => id.toLowerCase()))].filter((id) => !kept.has(id));
  if (added.length === 0) return;
  const { rows } = await tx.query<{ id: string }>(
    `SELECT u.id::text AS id
       FROM platform.users u
       JOIN platform.memberships m ON m.tenant_id = u.tenant_id AND m.user_id = u.id AND m.service = 'process'
      WHERE u.id = ANY ($1::uuid[]) AND u.status = 'active'`,
    [added],
  );
  const members = new Set(rows.map((r) => r.id));
  const refused = added.filter((id) => !members.has(id));
  if (refused.length > 0) {
    throw new AppError('validation.failed', {
      fields: { namedUsers: messageKey('process.named_users_invalid') },
      internal: `named users not active process members: ${refused.join(', ')}`,
    });
  }
}
