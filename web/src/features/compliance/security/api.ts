import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api';

export type CharacterClass = 'upper' | 'lower' | 'digit' | 'symbol';
export type SecondFactorMethod = 'totp' | 'recovery_code' | 'passkey';
export type RetentionRecordType = 'tenant_events' | 'operator_events' | 'incident_records' | 'evidence_exports' | 'disclosure_records';

/** GET /api/security-page: the provider's security commitments as the running system is configured. */
export interface SecurityFacts {
  passwordPolicy: {
    minLength: number;
    maxLength: number;
    /** The symbols a password may contain, e.g. `!#$%&*+-=?@_`. */
    symbols: string;
    requiredClasses: CharacterClass[];
    rejectsEmailLocalPart: boolean;
    rejectsCommonPasswords: boolean;
  };
  mfa: { methods: SecondFactorMethod[]; tenantMayRequire: boolean; staffAlwaysRequired: boolean };
  session: {
    idleMinutes: number;
    absoluteHours: number;
    tenantBounds: { idleMinutes: { min: number; max: number }; absoluteHours: { min: number; max: number } };
  };
  backup: { intervalMinutes: number; retentionDays: number };
  deletion: { afterMonths: number; reminderDaysBefore: number[]; examples: { endsOn: string; deletableFrom: string }[] };
  maintenance: { noticeLeadDays: number };
  incidents: { notifyWithinHours: number; businessHours: { startHour: number; endHour: number } };
  dataLocation: { fileStorage: 'local' | 's3'; region: string | null };
  contact: { securityEmail: string; reportFormPath: string };
  logRetention: { recordType: RetentionRecordType; retainDays: number }[];
  encryption: { algorithm: string; perTenantKeys: boolean; httpsPublicUrl: boolean };
}

/** The live security facts; they change only when the deployment is reconfigured or staff change a retention period. */
export function useSecurityFacts() {
  return useQuery({
    queryKey: ['security-page'],
    queryFn: () => api.get<SecurityFacts>('/api/security-page'),
    staleTime: 5 * 60_000,
  });
}

/** `2026-06-01` as `2026/06/01`, the date form the UI uses. */
export function formatIsoDate(date: string): string {
  return date.replaceAll('-', '/');
}
