import { Badge, Modal, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices, type ServiceId } from '../../data/services';
import { useLang } from '../../i18n/useLang';
import type { MailStatus, NotificationStatus, Severity } from './api';
import { countdown } from './incidentTime';

// Dark shades: readable (WCAG AA) as outline badges on white and on striped rows.
const SEVERITY_COLOR: Record<Severity, string> = { low: 'gray.8', medium: 'blue.9', high: 'grape.9', critical: 'red.9' };
const NOTIFICATION_COLOR: Record<NotificationStatus, string> = { pending: 'blue.9', overdue: 'red.9', sent_in_time: 'teal.9', sent_late: 'red.9' };

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <Badge variant={severity === 'critical' ? 'filled' : 'outline'} color={SEVERITY_COLOR[severity]} data-testid="incident-severity">
      {t(`incidents.severity.${severity}`)}
    </Badge>
  );
}

export function IncidentStatusBadge({ status }: { status: 'open' | 'closed' }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color={status === 'open' ? 'indigo.9' : 'gray.8'} data-testid="incident-status">
      {t(`incidents.incidentStatus.${status}`)}
    </Badge>
  );
}

/** 「期限内」/「期限超過」: where a first notice stands against the deadline. */
export function NotificationBadge({ status }: { status: NotificationStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant={status === 'overdue' ? 'filled' : 'outline'} color={NOTIFICATION_COLOR[status]} data-testid="notification-status" data-status={status}>
      {t(`incidents.notification.${status}`)}
    </Badge>
  );
}

/** Time left to the deadline ("残り 3時間12分"), or how far past it ("12分 超過"). */
export function CountdownText({ deadline, now }: { deadline: string; now: Date }) {
  const { t } = useTranslation();
  const left = countdown(new Date(deadline), now);
  const parts = [
    left.days > 0 ? t('incidents.countdown.days', { count: left.days }) : null,
    left.days > 0 || left.hours > 0 ? t('incidents.countdown.hours', { count: left.hours }) : null,
    t('incidents.countdown.minutes', { count: left.minutes }),
  ].filter((part): part is string => part !== null);
  const time = parts.join(' ');
  return (
    <Text size="sm" fw={700} c={left.overdue ? 'red.9' : 'dark'} data-testid="incident-countdown" span>
      {left.overdue ? t('incidents.countdown.overdue', { time }) : t('incidents.countdown.left', { time })}
    </Text>
  );
}

export function MailStatusText({ status }: { status: MailStatus | null }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" c={status === 'failed' ? 'red.9' : undefined} span>
      {t(`incidents.mailStatus.${status ?? 'unknown'}`)}
    </Text>
  );
}

/** Service names in the UI language, in the order given; the id while the names load. */
export function useServiceNames(): (services: readonly ServiceId[]) => string {
  const lang = useLang();
  const services = useServices();
  return (ids) => ids.map((id) => services.data?.find((s) => s.id === id)?.name[lang] ?? id).join(lang === 'ja' ? '、' : ', ');
}

/**
 * The dialogs of the incident screens: a titled modal with a labelled close button. Its
 * header is not a landmark (role="none"): the page keeps one banner, its own.
 */
export function IncidentDialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Modal.Root opened onClose={onClose} centered size="xl">
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title fw={700}>{title}</Modal.Title>
          <Modal.CloseButton aria-label={t('incidents.close')} />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
