import { Anchor, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePublicConfig } from '../data/publicConfig';

/**
 * Shown on every page: where to report a security issue, by mail or through the form (white
 * paper 16.1.2), and the security white paper, shared responsibility and terms (5.1.1, 6.1.1).
 */
export function SiteFooter() {
  const { t } = useTranslation();
  const config = usePublicConfig().data;
  if (!config) return null;
  return (
    <Group component="footer" justify="space-between" gap="xs" py="md" mt="xl" data-testid="site-footer">
      <Group gap="md" wrap="wrap">
        <Text size="sm" c="dimmed">
          {t('footer.securityContact')}:{' '}
          <Anchor href={`mailto:${config.securityContact}`} size="sm" data-testid="security-contact">
            {config.securityContact}
          </Anchor>
        </Text>
        <Anchor component={Link} to="/security/report" size="sm" data-testid="security-report-link">
          {t('opsMonitor.reports.footerLink')}
        </Anchor>
        <Anchor component={Link} to="/security" size="sm" data-testid="security-page-link">
          {t('securityPages.footer.security')}
        </Anchor>
        <Anchor component={Link} to="/security/responsibility" size="sm" data-testid="responsibility-page-link">
          {t('securityPages.footer.responsibility')}
        </Anchor>
        <Anchor component={Link} to="/terms" size="sm" data-testid="terms-page-link">
          {t('securityPages.footer.terms')}
        </Anchor>
      </Group>
      {config.mailboxEnabled && (
        <Anchor component={Link} to="/dev/mailbox" size="sm" data-testid="mailbox-link">
          {t('footer.mailbox')}
        </Anchor>
      )}
    </Group>
  );
}
