import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SecurityFacts } from './api';
import { SecurityDocument } from './SecurityDocument';

function TermsBody({ facts }: { facts: SecurityFacts }) {
  const { t } = useTranslation();
  const p = 'securityPages.terms';
  const articles = [
    { id: 'ownership', body: t(`${p}.ownership.body`) },
    { id: 'location', body: t(`${p}.location.body`) },
    { id: 'deletion', body: t(`${p}.deletion.body`, { months: facts.deletion.afterMonths }) },
    { id: 'notices', body: t(`${p}.notices.body`, { days: facts.maintenance.noticeLeadDays, hours: facts.incidents.notifyWithinHours }) },
    { id: 'disclosure', body: t(`${p}.disclosure.body`) },
  ] as const;

  return (
    <Stack gap="lg">
      {articles.map((article, index) => (
        <Stack gap={4} component="section" key={article.id} aria-labelledby={`terms-${article.id}`} data-testid={`terms-${article.id}`}>
          <Title order={2} size="h4" id={`terms-${article.id}`}>
            {`${index + 1}. ${t(`${p}.${article.id}.title`)}`}
          </Title>
          <Text>{article.body}</Text>
        </Stack>
      ))}
      <Stack gap={4} component="section" aria-labelledby="terms-contact">
        <Title order={2} size="h4" id="terms-contact">
          {`${articles.length + 1}. ${t(`${p}.contact.title`)}`}
        </Title>
        <Text>
          {t(`${p}.contact.body`)}
          <Anchor href={`mailto:${facts.contact.securityEmail}`}>{facts.contact.securityEmail}</Anchor>
        </Text>
      </Stack>
    </Stack>
  );
}

/** `/terms`: the security essentials of the terms of service (ownership, location, deletion, notices). */
export function TermsPage() {
  const { t } = useTranslation();
  return (
    <SecurityDocument title={t('securityPages.terms.title')} intro={t('securityPages.terms.intro')} testId="terms">
      {(facts) => <TermsBody facts={facts} />}
    </SecurityDocument>
  );
}
