import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useDashboard, type AffectedProduct, type Dashboard, type RequestSummary } from '../api';
import { ChangedBadge, OutcomeBadge, PageHeader } from '../products/shared';
import { formatNumber } from '../products/numbers';
import { ColumnHeads } from '../tableParts';

type CountKey = keyof Dashboard['counts'];
const COUNT_KEYS: readonly CountKey[] = ['outgoingOpen', 'incomingOpen', 'overdue', 'awaitingReview', 'affected'];

/** Where a request opens: the outgoing box under 調査依頼, the incoming one under 受信した依頼. */
function requestPath(request: RequestSummary): string {
  return request.box === 'outgoing' ? `/s/survey/requests/${request.id}` : `/s/survey/incoming/${request.id}`;
}

/** A date-only deadline (YYYY-MM-DD, JST) as people read it: 2026/11/27(金). */
function formatDueDate(day: string, lang: 'ja' | 'en'): string {
  const date = new Date(`${day}T00:00:00+09:00`);
  if (Number.isNaN(date.getTime())) return day;
  const weekday = new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'ja-JP', { timeZone: 'Asia/Tokyo', weekday: 'short' }).format(date);
  return `${day.replace(/-/g, '/')}(${weekday})`;
}

/** ダッシュボード: what needs doing — open requests by due date, answers to write, overdue ones, products a new list version affected. */
export function DashboardPage() {
  const { t } = useTranslation();
  usePageTitle(t('survey.dashboard.title'));
  const dashboard = useDashboard();
  return (
    <Stack>
      <PageHeader title={t('survey.dashboard.title')} intro={t('survey.dashboard.intro')} />
      {dashboard.isPending ? (
        <LoadingState />
      ) : dashboard.isError ? (
        <ErrorAlert error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : (
        <DashboardView dashboard={dashboard.data} />
      )}
    </Stack>
  );
}

function DashboardView({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  const lang = useLang();
  const byDue = (items: RequestSummary[]) => [...items].sort((a, b) => a.respondBy.localeCompare(b.respondBy));
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 5 }} data-testid="survey-dashboard-counts">
        {COUNT_KEYS.map((key) => (
          <Paper key={key} withBorder p="sm" data-testid={`survey-count-${key}`}>
            <Text size="sm" c="dimmed">
              {t(`survey.dashboard.counts.${key}`)}
            </Text>
            <Text size="xl" fw={700} c={key === 'overdue' && dashboard.counts.overdue > 0 ? 'red.9' : undefined} data-testid="survey-count-value">
              {formatNumber(dashboard.counts[key], lang)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <RequestTable title={t('survey.dashboard.overdue')} empty={t('survey.dashboard.overdueEmpty')} items={byDue(dashboard.overdue)} testId="survey-dashboard-overdue" />
      <RequestTable title={t('survey.dashboard.outgoing')} empty={t('survey.dashboard.outgoingEmpty')} items={byDue(dashboard.outgoingOpen)} testId="survey-dashboard-outgoing" />
      <RequestTable title={t('survey.dashboard.incoming')} empty={t('survey.dashboard.incomingEmpty')} items={byDue(dashboard.incomingOpen)} testId="survey-dashboard-incoming" />
      <AffectedTable items={dashboard.affected} />
    </Stack>
  );
}

function RequestTable({ title, empty, items, testId }: { title: string; empty: string; items: RequestSummary[]; testId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {title}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid={`${testId}-empty`}>
          {empty}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="xs" data-testid={testId}>
            <ColumnHeads labels={[t('survey.dashboard.respondBy'), t('survey.dashboard.requestTitle'), t('survey.dashboard.counterpart'), t('survey.dashboard.status'), t('survey.dashboard.items')]} />
            <Table.Tbody>
              {items.map((request) => (
                <Table.Tr key={request.id} data-testid={`${testId}-row`}>
                  <Table.Td>
                    <Text size="sm" c={request.overdue ? 'red.9' : undefined} fw={request.overdue ? 700 : undefined}>
                      {formatDueDate(request.respondBy, lang)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={requestPath(request)} fw={700}>
                      {request.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{request.box === 'outgoing' ? request.supplierName : request.requesterName}</Table.Td>
                  <Table.Td>
                    <Badge variant="outline" color={request.overdue ? 'red.9' : 'blue.9'}>
                      {t(`survey.requestStatus.${request.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatNumber(request.itemCount, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function AffectedTable({ items }: { items: AffectedProduct[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('survey.dashboard.affected')}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="survey-dashboard-affected-empty">
          {t('survey.dashboard.affectedEmpty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="xs" data-testid="survey-dashboard-affected">
            <ColumnHeads labels={[t('survey.dashboard.product'), t('survey.dashboard.list'), t('survey.dashboard.outcome')]} />
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={`${item.productId}-${item.listCode}`} data-testid="survey-dashboard-affected-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/s/survey/products/${item.productId}`} fw={700}>
                      {item.productNumber}
                    </Anchor>
                    <Text size="xs">{item.name}</Text>
                  </Table.Td>
                  <Table.Td>
                    {item.listName}
                    <Text size="xs" c="dimmed">
                      {item.versionLabel}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <OutcomeBadge outcome={item.outcome} />
                      {item.changed && <ChangedBadge />}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
