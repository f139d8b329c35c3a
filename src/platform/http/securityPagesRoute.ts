import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withoutTenant } from '../../core/db/index.js';
import { currentPolicies, RECORD_TYPES } from '../audit/index.js';
import {
  checkPassword,
  passwordLengths,
  PASSWORD_SYMBOLS,
  SECOND_FACTOR_METHODS,
  SESSION_BOUNDS,
} from '../identity/index.js';
import { BUSINESS_HOURS, NOTIFY_WITHIN_MS } from '../incidents/index.js';
import { DATA_CIPHER } from '../keys/index.js';
import { PURGE_AFTER_MONTHS, purgeDateFor, REMINDER_DAYS } from '../lifecycle/index.js';
import type { ServerDeps } from './context.js';
import { createRegistrar } from './routes.js';

/** The path of the public security report form (web/src/features/opsMonitor/routes.tsx). */
export const SECURITY_REPORT_FORM_PATH = '/security/report';

/** Contract end dates the page shows worked examples of the deletion rule for (the requirement's own examples). */
const DELETION_EXAMPLE_END_DATES = ['2026-03-31', '2026-12-30'] as const;

const CHARACTER_CLASSES = ['upper', 'lower', 'digit', 'symbol'] as const;
type CharacterClass = (typeof CHARACTER_CLASSES)[number];

function isCharacterClass(rule: string): rule is CharacterClass {
  return (CHARACTER_CLASSES as readonly string[]).includes(rule);
}

/**
 * The character classes a password must contain, read from the validator itself: an empty
 * password breaks every class rule the validator enforces (and the length rule, left out).
 */
function requiredCharacterClasses(): CharacterClass[] {
  return checkPassword('')
    .map((violation) => violation.rule)
    .filter(isCharacterClass);
}

const range = z.object({ min: z.number().int(), max: z.number().int() });

/**
 * What the security pages show: the provider's commitments as this deployment is configured.
 * Built on first use, not at import: the modules it reads its enums from import the HTTP
 * layer in turn, so their values are not there yet while this module loads.
 */
function securityPageSchema() {
  return z.object({
    passwordPolicy: z.object({
      minLength: z.number().int(),
      maxLength: z.number().int(),
      /** The symbols a password may contain, in the validator's order. */
      symbols: z.string(),
      /** Character classes of which a password needs at least one character each. */
      requiredClasses: z.array(z.enum(CHARACTER_CLASSES)),
      rejectsEmailLocalPart: z.boolean(),
      rejectsCommonPasswords: z.boolean(),
    }),
    mfa: z.object({
      methods: z.array(z.enum(SECOND_FACTOR_METHODS)),
      /** A tenant may require MFA of all its users (at its request by staff, or by its admins). */
      tenantMayRequire: z.boolean(),
      staffAlwaysRequired: z.boolean(),
    }),
    session: z.object({
      idleMinutes: z.number().int(),
      absoluteHours: z.number().int(),
      /** What a tenant's admins may set instead of the defaults above. */
      tenantBounds: z.object({ idleMinutes: range, absoluteHours: range }),
    }),
    backup: z.object({ intervalMinutes: z.number().int(), retentionDays: z.number().int() }),
    deletion: z.object({
      /** Registered data is deleted once this many months have passed, counted from the day after the contract's end date. */
      afterMonths: z.number().int(),
      /** Days before deletion on which reminders are mailed. */
      reminderDaysBefore: z.array(z.number().int()),
      examples: z.array(z.object({ endsOn: z.string(), deletableFrom: z.string() })),
    }),
    maintenance: z.object({ noticeLeadDays: z.number().int() }),
    incidents: z.object({
      notifyWithinHours: z.number(),
      businessHours: z.object({ startHour: z.number().int(), endHour: z.number().int() }),
    }),
    dataLocation: z.object({ fileStorage: z.enum(['local', 's3']), region: z.string().nullable() }),
    contact: z.object({ securityEmail: z.string(), reportFormPath: z.string() }),
    logRetention: z.array(z.object({ recordType: z.enum(RECORD_TYPES), retainDays: z.number().int() })),
    encryption: z.object({
      algorithm: z.string(),
      perTenantKeys: z.boolean(),
      /** Whether the address users reach is HTTPS (TLS served by the app or by a terminating proxy). */
      httpsPublicUrl: z.boolean(),
    }),
  });
}
export type SecurityPageView = z.infer<ReturnType<typeof securityPageSchema>>;

/**
 * GET /api/security-page: the facts the customer-facing security pages (white paper, shared
 * responsibility, terms) show, read from the running configuration and the code that
 * enforces them, so the published pages cannot drift from the system.
 */
export function registerSecurityPageRoute(app: FastifyInstance, deps: ServerDeps): void {
  const { config, db } = deps;
  createRegistrar(app).route({
    method: 'GET',
    url: '/api/security-page',
    summary: 'The security commitments as configured: password rule, MFA, backups, deletion, notices, retention, contact',
    tags: ['public'],
    access: { public: "the provider's published security commitments; no tenant data" },
    audit: { readOnly: true },
    schema: { response: { 200: securityPageSchema() } },
    async handler(): Promise<SecurityPageView> {
      const policies = await withoutTenant(db, (tx) => currentPolicies(tx));
      return {
        passwordPolicy: {
          minLength: passwordLengths().min,
          maxLength: passwordLengths().max,
          symbols: PASSWORD_SYMBOLS,
          requiredClasses: requiredCharacterClasses(),
          // The two checks beyond the white paper's floor, asked of the validator with a probe each.
          rejectsEmailLocalPart: checkPassword('Probe#user-42', { email: 'probe#user-42@example.com' }).some((v) => v.rule === 'contains_email'),
          rejectsCommonPasswords: checkPassword('Password123!').some((v) => v.rule === 'common'),
        },
        mfa: { methods: [...SECOND_FACTOR_METHODS], tenantMayRequire: true, staffAlwaysRequired: true },
        session: {
          idleMinutes: config.session.idleMinutes,
          absoluteHours: config.session.absoluteHours,
          tenantBounds: {
            idleMinutes: { ...SESSION_BOUNDS.idleMinutes },
            absoluteHours: { ...SESSION_BOUNDS.absoluteHours },
          },
        },
        backup: { intervalMinutes: config.backup.intervalMinutes, retentionDays: config.backup.retentionDays },
        deletion: {
          afterMonths: PURGE_AFTER_MONTHS,
          reminderDaysBefore: [...REMINDER_DAYS],
          examples: DELETION_EXAMPLE_END_DATES.map((endsOn) => ({ endsOn, deletableFrom: purgeDateFor(endsOn) })),
        },
        maintenance: { noticeLeadDays: config.maintenance.leadDays },
        incidents: {
          notifyWithinHours: NOTIFY_WITHIN_MS / 3_600_000,
          businessHours: { startHour: BUSINESS_HOURS.startHour, endHour: BUSINESS_HOURS.endHour },
        },
        dataLocation: config.files.kind === 's3' ? { fileStorage: 's3', region: config.files.region } : { fileStorage: 'local', region: null },
        contact: { securityEmail: config.securityContact, reportFormPath: SECURITY_REPORT_FORM_PATH },
        logRetention: policies.map((p) => ({ recordType: p.recordType, retainDays: p.retainDays })),
        encryption: {
          algorithm: DATA_CIPHER.toUpperCase(),
          perTenantKeys: true,
          httpsPublicUrl: config.http.publicUrl.startsWith('https://'),
        },
      };
    },
  });
}
