import { Anchor, Badge, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import { useOpenAlerts, useOpsOverview, type OpsSession } from './api';

interface SummaryCardProps {
  id: string;
  title: string;
  value: number;
  /** Shown in red when the number needs someone's attention. */
  attention: boolean;
  detail: ReactNode;
  to: string;
  linkLabel: string;
}

function SummaryCard({ id, title, value, attention, detail, to, linkLabel }: SummaryCardProps) {
  const { t } = useTranslation();
  return (
    <Card withBorder component="section" aria-labelledby={`ops-card-${id}`} data-testid={`ops-card-${id}`}>
      <Stack gap={6}>
        <Title order={2} size="h4" id={`ops-card-${id}`}>
          {title}
        </Title>
        <Group gap="xs" align="baseline">
          <Text fz={32} fw={700} c={attention ? 'red.9' : undefined} data-testid={`ops-card-${id}-value`}>
            {value.toLocaleString('ja-JP')}
          </Text>
          {attention && (
            <Badge color="red.9" variant="outline">
              {t('ops.home.attention')}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {detail}
        </Text>
        <Anchor component={Link} to={to} size="sm" data-testid={`ops-card-${id}-link`}>
          {linkLabel}
        </Anchor>
      </Stack>
    </Card>
  );
}

/** The newest open staff alerts (deadlines, capacity, backups, security reports). */
function OpenAlerts() {
  const { t } = useTranslation();
  const lang = useLang();
  const alerts = useOpenAlerts(true);
  if (alerts.isPending) return <LoadingState />;
  if (alerts.isError) return <ErrorAlert error={alerts.error} onRetry={() => void alerts.refetch()} />;
  if (alerts.data.length === 0) return <Text c="dimmed">{t('ops.home.noAlerts')}</Text>;
  return (
    <List spacing="xs" data-testid="ops-alert-list">
      {alerts.data.map((alert) => (
        <List.Item key={alert.id}>
          <Text size="sm">
            <Text span fw={600}>
              {alert.summary[lang]}
            </Text>{' '}
            <Text span c="dimmed" size="xs">
              {t('ops.home.alertOpened', { date: formatDateTime(alert.openedAt, lang) })}
            </Text>
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

/** `/ops`: the console home — counts that need attention, each linking to its section. */
export function OpsHomePage() {
  const { t } = useTranslation();
  usePageTitle(t('ops.home.title'));
  const staff = useOutletContext<OpsSession>();
  const overview = useOpsOverview();

  if (overview.isPending) return <LoadingState />;
  if (overview.isError) return <ErrorAlert error={overview.error} onRetry={() => void overview.refetch()} />;
  const data = overview.data;
  const staffAttention = data.staff ? data.staff.locked + data.staff.overdueTraining : 0;

  return (
    <Stack>
      <div>
        <Title order={1}>{t('ops.home.title')}</Title>
        <Text c="dimmed">{t('ops.home.greeting', { name: staff.displayName })}</Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        {data.tenants && (
          <SummaryCard
            id="tenants"
            title={t('ops.home.tenants')}
            value={data.tenants.active}
            attention={false}
            detail={t('ops.home.tenantsDetail', { total: data.tenants.total })}
            to="/ops/tenants"
            linkLabel={t('ops.home.tenantsLink')}
          />
        )}
        {data.securityReports && (
          <SummaryCard
            id="reports"
            title={t('ops.home.reports')}
            value={data.securityReports.open}
            attention={data.securityReports.new > 0}
            detail={t('ops.home.reportsDetail', { count: data.securityReports.new })}
            to="/ops/reports"
            linkLabel={t('ops.home.reportsLink')}
          />
        )}
        {data.alerts && (
          <SummaryCard
            id="alerts"
            title={t('ops.home.alerts')}
            value={data.alerts.open}
            attention={data.alerts.open > 0}
            detail={t('ops.home.alertsDetail')}
            to="/ops/capacity"
            linkLabel={t('ops.home.alertsLink')}
          />
        )}
        {data.staff && (
          <SummaryCard
            id="staff"
            title={t('ops.home.staff')}
            value={staffAttention}
            attention={staffAttention > 0}
            detail={t('ops.home.staffDetail', { locked: data.staff.locked, overdue: data.staff.overdueTraining, invited: data.staff.invited })}
            to="/ops/staff"
            linkLabel={t('ops.home.staffLink')}
          />
        )}
      </SimpleGrid>
      {data.alerts && (
        <Card withBorder component="section" aria-labelledby="ops-open-alerts">
          <Title order={2} size="h4" id="ops-open-alerts" mb="xs">
            {t('ops.home.openAlerts')}
          </Title>
          <OpenAlerts />
        </Card>
      )}
      <Anchor component={Link} to="/ops/training" size="sm" data-testid="ops-home-training">
        {t('ops.home.myTraining')}
      </Anchor>
    </Stack>
  );
}
