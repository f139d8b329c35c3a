import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useServices, type ServiceId } from '../../data/services';
import { useLang } from '../../i18n/useLang';
import type { NoticeStatus } from './api';

// Dark shades: readable (WCAG AA) as outline badges on white and on striped rows.
const STATUS_COLOR: Record<NoticeStatus, string> = { upcoming: 'blue.9', in_progress: 'orange.9', past: 'gray.8', cancelled: 'red.9' };

/** Service names in the UI language, in the order given; the id while the names load. */
export function useServiceNames(): (services: readonly ServiceId[]) => string {
  const lang = useLang();
  const services = useServices();
  return (ids) => ids.map((id) => services.data?.find((s) => s.id === id)?.name[lang] ?? id).join(lang === 'ja' ? '、' : ', ');
}

/** A notice's status, and "urgent" when it was announced at short notice. */
export function NoticeStatusBadges({ status, urgent }: { status: NoticeStatus; urgent: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <Badge variant="outline" color={STATUS_COLOR[status]} data-testid="maintenance-status">
        {t(`maintenance.status.${status}`)}
      </Badge>
      {urgent && (
        <Badge variant="outline" color="red.9">
          {t('maintenance.urgent')}
        </Badge>
      )}
    </Group>
  );
}
