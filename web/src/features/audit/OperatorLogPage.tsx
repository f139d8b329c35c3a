import { Alert, Badge, Button, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useOutletContext, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import { useClockState, useOperatorEvents, useVerifyAudit, type StaffSession } from './api';
import { EventFilters } from './EventFilters';
import { EventTable } from './EventTable';
import { filterFromSearch, filterToSearch, type EventFilter } from './filters';

/** verify-audit from the console: walks every chain and names the first break of each. */
function VerificationCard() {
  const { t } = useTranslation();
  const verify = useVerifyAudit();
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('audit.ops.verifyTitle')}
        </Title>
        <Text size="sm">{t('audit.ops.verifyIntro')}</Text>
        <Group>
          <Button onClick={() => verify.mutate()} loading={verify.isPending} data-testid="audit-verify">
            {t('audit.ops.verify')}
          </Button>
        </Group>
        {verify.isError && <ErrorAlert error={verify.error} />}
        {verify.data && (
          <Alert variant="default" data-testid="audit-verify-result" title={verify.data.ok ? t('audit.ops.verifyOk') : t('audit.ops.verifyBroken')}>
            <Badge variant="outline" color={verify.data.ok ? 'teal.9' : 'red.9'} mb="xs">
              {verify.data.ok ? t('audit.ops.verifyOkBadge') : t('audit.ops.verifyBrokenBadge')}
            </Badge>
            <Text size="sm">{t('audit.ops.verifyCounts', { chains: verify.data.chains, entries: verify.data.entries })}</Text>
            {verify.data.broken.length > 0 && (
              <List size="sm" mt="xs">
                {verify.data.broken.map((b) => (
                  <List.Item key={b.chain}>
                    {t('audit.ops.breakLine', { chain: b.chain, kind: t(`audit.breakKind.${b.break.kind as 'edited'}`, { defaultValue: b.break.kind }), message: b.break.message })}
                  </List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

/** The host clock's NTP state (12.4.4), as the host reports it. */
function ClockCard() {
  const { t } = useTranslation();
  const lang = useLang();
  const clock = useClockState(true);
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('audit.ops.clockTitle')}
        </Title>
        {clock.isPending ? (
          <LoadingState />
        ) : clock.isError ? (
          <ErrorAlert error={clock.error} onRetry={() => void clock.refetch()} />
        ) : (
          <>
            <Group>
              <Badge variant="outline" color={clock.data.status === 'synchronised' ? 'teal.9' : clock.data.status === 'unknown' ? 'gray.8' : 'red.9'} data-testid="clock-status">
                {t(`audit.clock.${clock.data.status}`)}
              </Badge>
              {clock.data.offsetMs !== null && <Text size="sm">{t('audit.clock.offset', { ms: clock.data.offsetMs })}</Text>}
            </Group>
            <Text size="xs" c="dimmed">
              {clock.data.status === 'unknown' ? t('audit.clock.reason', { reason: clock.data.reason }) : clock.data.detail} · {formatDateTime(clock.data.checkedAt, lang)}
            </Text>
          </>
        )}
      </Stack>
    </Card>
  );
}

/** The operator work log for staff: every staff and system action, verification and clock state. */
export function OperatorLogPage() {
  const { t } = useTranslation();
  usePageTitle(t('audit.ops.title'));
  // OpsLayout has checked the staff session and hands the staff member down.
  const staff = useOutletContext<StaffSession>();
  const [search, setSearch] = useSearchParams();
  const filter = filterFromSearch(search);
  const allowed = staff.permissions.includes('ops:audit:read');
  const events = useOperatorEvents(filter, allowed);
  const apply = (next: EventFilter) => setSearch(filterToSearch(next));

  if (!allowed) {
    return (
      <Alert variant="default" title={t('audit.ops.staffOnlyTitle')} data-testid="ops-staff-only">
        {t('audit.ops.staffOnlyBody')}
      </Alert>
    );
  }

  return (
    <Stack>
      <Title order={1}>{t('audit.ops.title')}</Title>
      <Text size="sm">{t('audit.ops.intro', { name: staff.displayName })}</Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <VerificationCard />
        <ClockCard />
      </SimpleGrid>
      <Title order={2} size="h3">
        {t('audit.ops.logTitle')}
      </Title>
      <EventFilters value={filter} onChange={apply} />
      {events.isPending ? (
        <LoadingState />
      ) : events.isError ? (
        <ErrorAlert error={events.error} onRetry={() => void events.refetch()} />
      ) : events.data.total === 0 ? (
        <Text c="dimmed">{t('audit.table.empty')}</Text>
      ) : (
        <EventTable page={events.data} onPage={(page) => apply({ ...filter, page })} showCustomer />
      )}
    </Stack>
  );
}
