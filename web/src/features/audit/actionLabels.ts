import { useTranslation } from 'react-i18next';

/** Events with a name in the UI's words; others are shown by their action code alone. */
const LABEL_KEYS = {
  'auth.login.succeeded': 'audit.actions.loginSucceeded',
  'auth.login.failed': 'audit.actions.loginFailed',
  'auth.logout': 'audit.actions.logout',
  'auth.lockout': 'audit.actions.lockout',
  'auth.password.changed': 'audit.actions.passwordChanged',
  'auth.password.reset': 'audit.actions.passwordReset',
  'auth.password.reset_requested': 'audit.actions.passwordResetRequested',
  'auth.mfa.enrolled': 'audit.actions.mfaEnrolled',
  'auth.mfa.removed': 'audit.actions.mfaRemoved',
  'auth.session.revoked': 'audit.actions.sessionRevoked',
  'breakglass.access': 'audit.actions.breakglassAccess',
  'breakglass.grant.opened': 'audit.actions.breakglassOpened',
  'breakglass.grant.closed': 'audit.actions.breakglassClosed',
  'ops.audit.verified': 'audit.actions.auditVerified',
  'ops.breakglass.opened': 'audit.actions.breakglassOpened',
  'ops.breakglass.read': 'audit.actions.breakglassAccess',
  'ops.breakglass.refused': 'audit.actions.breakglassRefused',
  'ops.breakglass.closed': 'audit.actions.breakglassClosed',
  'ops.evidence.exported': 'audit.actions.evidenceExported',
  'ops.retention.applied': 'audit.actions.retentionApplied',
} as const;

/** The event's name in the user's language, or its action code. */
export function useActionLabel(): (action: string) => string {
  const { t } = useTranslation();
  return (action) => {
    const key = (LABEL_KEYS as Record<string, (typeof LABEL_KEYS)[keyof typeof LABEL_KEYS]>)[action];
    return key ? t(key) : action;
  };
}
