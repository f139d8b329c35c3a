import { useTranslation } from 'react-i18next';

/** Events with a name in the UI's words; others are shown by their action code alone. */
const LABEL_KEYS = {
  'tenant.export.requested': 'audit.actions.exportRequested',
  'tenant.export.completed': 'audit.actions.exportCompleted',
  'tenant.export.downloaded': 'audit.actions.exportDownloaded',
  'tenant.export.expired': 'audit.actions.exportExpired',
  'tenant.export.failed': 'audit.actions.exportFailed',
  'lifecycle.purge_reminder.sent': 'audit.actions.purgeReminderSent',
  'lifecycle.purge.started': 'audit.actions.purgeStarted',
  'lifecycle.tenant.purged': 'audit.actions.tenantPurged',
  'ops.deletion_certificate.sent': 'audit.actions.deletionCertificateSent',
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
  'ops.incident.recorded': 'audit.actions.incidentRecorded',
  'ops.incident.notified': 'audit.actions.incidentNotified',
  'ops.incident.update_sent': 'audit.actions.incidentUpdateSent',
  'ops.incident.closure_sent': 'audit.actions.incidentClosureSent',
  'ops.incident.closed': 'audit.actions.incidentClosed',
  'incident.notification.sent': 'audit.actions.incidentNoticeReceived',
  'incident.update.sent': 'audit.actions.incidentUpdateReceived',
  'incident.closure.sent': 'audit.actions.incidentClosureReceived',
  'ops.staff.invited': 'audit.actions.staffInvited',
  'ops.staff.setup_link_resent': 'audit.actions.staffSetupLinkResent',
  'ops.staff.setup_completed': 'audit.actions.staffSetupCompleted',
  'ops.staff.roles_changed': 'audit.actions.staffRolesChanged',
  'ops.staff.disabled': 'audit.actions.staffDisabled',
  'ops.staff.enabled': 'audit.actions.staffEnabled',
  'ops.staff.mfa_reset': 'audit.actions.staffMfaReset',
  'ops.staff.locked': 'audit.actions.staffLocked',
  'ops.staff.unlocked': 'audit.actions.staffUnlocked',
  'ops.staff.training_recorded': 'audit.actions.staffTrainingRecorded',
  'ops.staff.training_deleted': 'audit.actions.staffTrainingDeleted',
  'ops.security_report.received': 'audit.actions.securityReportReceived',
  'ops.security_report.assigned': 'audit.actions.securityReportAssigned',
  'ops.security_report.status_changed': 'audit.actions.securityReportStatusChanged',
  'ops.security_report.note_added': 'audit.actions.securityReportNoteAdded',
} as const;

/** The event's name in the user's language, or its action code. */
export function useActionLabel(): (action: string) => string {
  const { t } = useTranslation();
  return (action) => {
    const key = (LABEL_KEYS as Record<string, (typeof LABEL_KEYS)[keyof typeof LABEL_KEYS]>)[action];
    return key ? t(key) : action;
  };
}
