import type { Clock } from '../../core/clock.js';
import type { Tx } from '../../core/db/index.js';
import type { Lang } from '../../core/i18n.js';
import { recordTenantEvent, type AuditActor, type AuditOrigin } from '../audit/index.js';
import { formatMailDate, queueMail } from '../mail/index.js';
import { SERVICE_IDS, type ServiceId, type ServiceRegistry } from '../services/index.js';
import { insertNotification, type NotificationKind, type TenantContact } from './noticeRepository.js';

/** What tenants are told about a maintenance. */
export interface NoticeContent {
  startsAt: Date;
  endsAt: Date;
  services: readonly ServiceId[];
  descriptionJa: string;
  descriptionEn: string;
}

/** Services in the suite's menu order, each once. */
export function orderedServices(services: readonly ServiceId[]): ServiceId[] {
  return SERVICE_IDS.filter((s) => services.includes(s));
}

function windowText(c: Pick<NoticeContent, 'startsAt' | 'endsAt'>, lang: Lang): string {
  return `${formatMailDate(c.startsAt, lang)}${lang === 'ja' ? ' ～ ' : ' – '}${formatMailDate(c.endsAt, lang)}`;
}

function servicesText(registry: ServiceRegistry, services: readonly ServiceId[], lang: Lang): string {
  return services.map((s) => registry.get(s)?.name[lang] ?? s).join(lang === 'ja' ? '、' : ', ');
}

const IMPACT = {
  affected: {
    ja: '変更後の内容でも、貴社がご契約のサービスが対象となります。',
    en: 'The services you use are affected by the maintenance as changed.',
  },
  notAffected: {
    ja: '変更後の内容では、貴社がご契約のサービスは対象外となりました。この日時も通常どおりご利用いただけます。',
    en: 'As changed, the maintenance no longer affects the services you use; they stay available.',
  },
} as const;

export interface Notification {
  noticeId: string;
  revision: number;
  tenant: TenantContact;
  kind: NotificationKind;
  content: NoticeContent;
  /** For a change: the window tenants were told before, and whether the tenant is still affected. */
  change?: { previous: Pick<NoticeContent, 'startsAt' | 'endsAt'>; stillAffected: boolean };
}

export interface NotifyContext {
  clock: Clock;
  registry: ServiceRegistry;
  actor: AuditActor;
  origin: AuditOrigin;
}

/** The mail of one notification, in the order of its template's parameters. */
function queueNoticeMail(tx: Tx, ctx: NotifyContext, n: Notification): Promise<string> {
  const base = {
    tenantName: n.tenant.name,
    window: windowText(n.content, 'ja'),
    windowEn: windowText(n.content, 'en'),
    services: servicesText(ctx.registry, n.content.services, 'ja'),
    servicesEn: servicesText(ctx.registry, n.content.services, 'en'),
  };
  const described = { ...base, description: n.content.descriptionJa, descriptionEn: n.content.descriptionEn };
  // The contact address's reader is not known: Japanese first, English below (in every template).
  const mail = { to: n.tenant.contactEmail, lang: 'ja' as const, customerId: n.tenant.id };
  switch (n.kind) {
    case 'scheduled':
      return queueMail(tx, ctx.clock, { ...mail, template: 'maintenance.scheduled', params: described });
    case 'reminder':
      return queueMail(tx, ctx.clock, { ...mail, template: 'maintenance.reminder', params: described });
    case 'cancelled':
      return queueMail(tx, ctx.clock, { ...mail, template: 'maintenance.cancelled', params: base });
    case 'changed': {
      if (!n.change) throw new Error('notifyTenant: a "changed" notification needs the previous window');
      const impact = n.change.stillAffected ? IMPACT.affected : IMPACT.notAffected;
      return queueMail(tx, ctx.clock, {
        ...mail,
        template: 'maintenance.changed',
        params: {
          ...described,
          previousWindow: windowText(n.change.previous, 'ja'),
          previousWindowEn: windowText(n.change.previous, 'en'),
          impact: impact.ja,
          impactEn: impact.en,
        },
      });
    }
  }
}

/**
 * Tells one tenant about a maintenance in the caller's transaction: the mail to its contact
 * address, the notification row the console shows, and an entry in the tenant's own log.
 * The tenant's log is under row-level security, so the tenant is set for that one entry.
 */
export async function notifyTenant(tx: Tx, ctx: NotifyContext, n: Notification): Promise<void> {
  const mailId = await queueNoticeMail(tx, ctx, n);
  const at = ctx.clock.now();
  await insertNotification(tx, { noticeId: n.noticeId, customerId: n.tenant.id, kind: n.kind, revision: n.revision, mailId, to: n.tenant.contactEmail, at });
  await tx.query("SELECT set_config('app.tenant_id', $1, true)", [n.tenant.id]);
  await recordTenantEvent(tx, ctx.clock, n.tenant.id, ctx.origin, {
    actor: ctx.actor,
    action: 'maintenance.notice.received',
    target: { type: 'maintenance_notice', id: n.noticeId },
    result: 'success',
    details: {
      kind: n.kind,
      startsAt: n.content.startsAt.toISOString(),
      endsAt: n.content.endsAt.toISOString(),
      services: [...n.content.services],
      ...(n.change ? { stillAffected: n.change.stillAffected } : {}),
    },
  });
  await tx.query("SELECT set_config('app.tenant_id', '', true)");
}
