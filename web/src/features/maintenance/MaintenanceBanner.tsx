import { Alert, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n/useLang';
import { useBannerNotices } from './api';
import { useServiceNames } from './noticeLabels';
import { windowText } from './noticeTime';

/**
 * The notice at the top of every signed-in page while a maintenance affects the user's
 * company: from the time the company was told until the work ends (12.1.2). Shows nothing
 * otherwise, and nothing if the notices cannot be loaded: it must never stand in the way.
 */
export function MaintenanceBanner() {
  const { t } = useTranslation();
  const lang = useLang();
  const notices = useBannerNotices();
  const serviceNames = useServiceNames();
  const now = Date.now();
  const current = (notices.data ?? []).filter((n) => new Date(n.endsAt).getTime() > now);
  if (current.length === 0) return null;
  return (
    <Stack gap="xs" mb="md" component="section" aria-label={t('maintenance.banner.list')}>
      {current.map((notice) => {
        const inProgress = notice.inProgress || new Date(notice.startsAt).getTime() <= now;
        return (
          <Alert
            key={notice.id}
            role="status"
            variant="light"
            color={inProgress ? 'orange' : 'blue'}
            title={inProgress ? t('maintenance.banner.titleInProgress') : t('maintenance.banner.title')}
            data-testid="maintenance-banner"
          >
            <Stack gap={2}>
              <Text size="sm" c="dark">
                {t('maintenance.banner.window', { window: windowText(notice.startsAt, notice.endsAt, lang) })}
              </Text>
              <Text size="sm" c="dark">
                {t('maintenance.banner.services', { services: serviceNames(notice.services) })}
              </Text>
              <Text size="sm" c="dark" style={{ whiteSpace: 'pre-wrap' }}>
                {notice.description[lang]}
              </Text>
            </Stack>
          </Alert>
        );
      })}
    </Stack>
  );
}
