import { Alert, Badge, Button, Group, SimpleGrid, Card, Stack, Table, Text, Title } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import { CONTROL_STATUSES, REPORT_URL, useComplianceReport, type ControlStatus } from './api';
import classes from './compliance.module.css';

const COLORS: Record<ControlStatus, string> = { met: 'teal.9', attention: '#8a5300', not_met: 'red.9', not_applicable: 'gray.7', unknown: 'grape.9' };

function StatusBadge({ status }: { status: ControlStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color={COLORS[status]} data-testid={`status-${status}`}>
      {t(`compliance.status.${status}`)}
    </Badge>
  );
}

/** The operator console's compliance report: every control with live evidence, printable and downloadable. */
export function CompliancePage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('compliance.title'));
  const report = useComplianceReport();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (report.isPending) return <LoadingState />;
  if (report.isError) return <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />;
  const data = report.data;
  const all = open.size === data.controls.length;
  return (
    <Stack data-testid="compliance-page">
      <Group justify="space-between">
        <Title order={1}>{t('compliance.title')}</Title>
        <Group className={classes.noPrint}>
          <Button variant="default" loading={report.isFetching} onClick={() => void report.refetch()} data-testid="compliance-rerun">
            {t('compliance.rerun')}
          </Button>
          <Button variant="default" onClick={() => window.print()} data-testid="compliance-print">
            {t('compliance.print')}
          </Button>
          <Button variant="default" component="a" href={`${REPORT_URL}?format=json&download=1`}>
            {t('compliance.downloadJson')}
          </Button>
          <Button variant="default" component="a" href={`${REPORT_URL}?format=md&download=1`}>
            {t('compliance.downloadMd')}
          </Button>
        </Group>
      </Group>
      <Text>
        {t('compliance.generated', { at: formatDateTime(data.generatedAt, lang) })} · {data.deployment.env} · {data.deployment.database} · {data.deployment.fileStore}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        {CONTROL_STATUSES.map((s) => (
          <Card key={s} withBorder data-testid={`summary-${s}`}>
            <StatusBadge status={s} />
            <Text fz="xl" fw={700}>
              {data.summary[s]}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      {data.summary.not_met > 0 && <Alert color="red" variant="outline" title={t('compliance.notMetAlert', { count: data.summary.not_met })} />}
      <Group className={classes.noPrint}>
        <Button variant="subtle" onClick={() => setOpen(all ? new Set() : new Set(data.controls.map((c) => c.id)))}>
          {all ? t('compliance.collapseAll') : t('compliance.expandAll')}
        </Button>
      </Group>
      <Table className={classes.table} striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('compliance.clause')}</Table.Th>
            <Table.Th>{t('compliance.control')}</Table.Th>
            <Table.Th>{t('compliance.statusColumn')}</Table.Th>
            <Table.Th>{t('compliance.reason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.controls.map((c) => (
            <Fragment key={c.id}>
              <Table.Tr data-testid={`control-${c.id}`} data-status={c.status}>
                <Table.Td>{c.clause}</Table.Td>
                <Table.Td>
                  <Button variant="subtle" size="compact-sm" onClick={() => toggle(c.id)} aria-expanded={open.has(c.id)}>
                    {c.title[lang]}
                  </Button>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={c.status} />
                </Table.Td>
                <Table.Td>{c.reason?.[lang] ?? ''}</Table.Td>
              </Table.Tr>
              {open.has(c.id) && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    {c.evidence.length === 0 ? (
                      <Text c="dimmed">{t('compliance.noEvidence')}</Text>
                    ) : (
                      <ul className={classes.evidence}>
                        {c.evidence.map((e, i) => (
                          <li key={i}>
                            {e.label[lang]}: {typeof e.value === 'string' ? e.value : e.value[lang]}
                          </li>
                        ))}
                      </ul>
                    )}
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
