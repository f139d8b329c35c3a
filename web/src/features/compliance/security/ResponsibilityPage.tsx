import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SecurityFacts } from './api';
import { SecurityDocument } from './SecurityDocument';

const ROWS = ['accounts', 'passwords', 'data', 'export', 'incidents', 'maintenance', 'platform', 'logs'] as const;

function ResponsibilityTable({ facts }: { facts: SecurityFacts }) {
  const { t } = useTranslation();
  const r = 'securityPages.responsibility';
  // The figures each row cites, from the running system.
  const values = {
    min: facts.passwordPolicy.minLength,
    max: facts.passwordPolicy.maxLength,
    interval: facts.backup.intervalMinutes,
    days: facts.backup.retentionDays,
    months: facts.deletion.afterMonths,
    hours: facts.incidents.notifyWithinHours,
    email: facts.contact.securityEmail,
  };
  const cellValues = (row: (typeof ROWS)[number]) => (row === 'maintenance' ? { ...values, days: facts.maintenance.noticeLeadDays } : values);

  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table striped withTableBorder withColumnBorders verticalSpacing="sm" data-testid="responsibility-table">
          <Table.Caption>{t(`${r}.caption`)}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w="20%">
                {t(`${r}.topic`)}
              </Table.Th>
              <Table.Th scope="col">{t(`${r}.provider`)}</Table.Th>
              <Table.Th scope="col">{t(`${r}.customer`)}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ROWS.map((row) => (
              <Table.Tr key={row} data-testid={`responsibility-${row}`}>
                <Table.Th scope="row">{t(`${r}.rows.${row}.topic`)}</Table.Th>
                <Table.Td>{t(`${r}.rows.${row}.provider`, cellValues(row))}</Table.Td>
                <Table.Td>{t(`${r}.rows.${row}.customer`, cellValues(row))}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm">
        <Anchor component={Link} to="/security">
          {t('securityPages.nav.whitePaper')}
        </Anchor>
        {' / '}
        <Anchor component={Link} to={facts.contact.reportFormPath}>
          {t('securityPages.nav.report')}
        </Anchor>
      </Text>
    </>
  );
}

/** `/security/responsibility`: what the provider and the customer are each responsible for (CLD.6.3.1). */
export function ResponsibilityPage() {
  const { t } = useTranslation();
  return (
    <SecurityDocument title={t('securityPages.responsibility.title')} intro={t('securityPages.responsibility.intro')} testId="responsibility">
      {(facts) => <ResponsibilityTable facts={facts} />}
    </SecurityDocument>
  );
}
