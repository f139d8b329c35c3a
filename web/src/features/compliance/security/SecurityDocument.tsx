import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useSecurityFacts, type SecurityFacts } from './api';

const PAGES = [
  { to: '/security', key: 'securityPages.nav.whitePaper' },
  { to: '/security/responsibility', key: 'securityPages.nav.responsibility' },
  { to: '/terms', key: 'securityPages.nav.terms' },
  { to: '/security/report', key: 'securityPages.nav.report' },
] as const;

interface SecurityDocumentProps {
  title: string;
  intro: string;
  /** The document body, drawn from the live facts. */
  children: (facts: SecurityFacts) => ReactNode;
  testId: string;
}

/**
 * Frame of the public security documents: links between them, the title, and the body once
 * the live facts (GET /api/security-page) are loaded. Every figure in the body comes from there.
 */
export function SecurityDocument({ title, intro, children, testId }: SecurityDocumentProps) {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(title);
  const facts = useSecurityFacts();

  return (
    <Stack gap="lg" maw={880} data-testid={testId}>
      <Group component="nav" aria-label={t('securityPages.nav.label')} gap="md" data-testid="security-pages-nav">
        {PAGES.map((page) => (
          <Anchor key={page.to} component={NavLink} to={page.to} end size="sm">
            {t(page.key)}
          </Anchor>
        ))}
      </Group>
      <div>
        <Title order={1}>{title}</Title>
        <Text mt="xs">{intro}</Text>
      </div>
      {facts.isPending && <LoadingState />}
      {facts.isError && <ErrorAlert error={facts.error} onRetry={() => void facts.refetch()} />}
      {facts.data && (
        <>
          {children(facts.data)}
          <Text size="sm" c="dimmed" data-testid="security-live-note">
            {t('securityPages.live', { date: formatDateTime(new Date(facts.dataUpdatedAt).toISOString(), lang, { withZone: true }) })}
          </Text>
        </>
      )}
    </Stack>
  );
}

interface SectionProps {
  id: string;
  title: string;
  clause: string;
  children: ReactNode;
}

/** One section of a document, with its ISO/IEC 27002 / 27017 clause numbers. */
export function Section({ id, title, clause, children }: SectionProps) {
  return (
    <Stack gap="xs" component="section" aria-labelledby={`${id}-title`} data-testid={`section-${id}`}>
      <Title order={2} size="h3" id={`${id}-title`}>
        {title}{' '}
        <Text span size="sm" c="dimmed" fw={400}>
          ({clause})
        </Text>
      </Title>
      {children}
    </Stack>
  );
}
