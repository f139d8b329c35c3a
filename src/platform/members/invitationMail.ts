import type { Clock } from '../../core/clock.js';
import type { Tx } from '../../core/db/index.js';
import type { Lang } from '../../core/i18n.js';
import { queueMail } from '../mail/index.js';

/** How long an invitation link works (white paper 9.2.1: expiring). */
export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

/** The public page that accepts an invitation. */
export function invitationLink(publicUrl: string, token: string): string {
  return `${publicUrl}/invitations/${token}`;
}

/** Queues the invitation mail in the caller's transaction: it leaves only if the invitation commits. */
export async function queueInvitationMail(
  tx: Tx,
  clock: Clock,
  input: { tenantId: string; to: string; lang: Lang; inviterName: string; tenantName: string; link: string; expiresAt: Date },
): Promise<void> {
  await queueMail(tx, clock, {
    to: input.to,
    template: 'invitation.catalog',
    lang: input.lang,
    params: { inviterName: input.inviterName, tenantName: input.tenantName, link: input.link, expiresAt: input.expiresAt },
    customerId: input.tenantId,
  });
}
