import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { usePageTitle } from '../../layout/usePageTitle';
import { tenantCsvUrl, useTenantEvents } from './api';
import { EventFilters } from './EventFilters';
import { EventTable } from './EventTable';
import { EMPTY_FILTER, filterFromSearch, filterToSearch, type EventFilter } from './filters';

/**
 * The company's event log for its admins: who did what and when, with the result, filters
 * kept in the URL, CSV export, and every access by the provider's staff shown as such.
 */
export function TenantEventLogPage() {
  const { t } = useTranslation();
  usePageTitle(t('audit.tenant.title'));
  const [search, setSearch] = useSearchParams();
  const filter = filterFromSearch(search);
  const events = useTenantEvents(filter);
  const apply = (next: EventFilter) => setSearch(filterToSearch(next));
  const staffOnly = filterToSearch({ ...EMPTY_FILTER, actorType: 'staff' }).toString();

  return (
    <Stack>
      <Title order={1}>{t('audit.tenant.title')}</Title>
      <Text size="sm">{t('audit.tenant.intro')}</Text>
      <Alert variant="default" title={t('audit.tenant.transparencyTitle')}>
        <Text size="sm">{t('audit.tenant.transparencyBody')}</Text>
        <Button component={Link} to={`/audit?${staffOnly}`} variant="default" size="compact-sm" mt="xs" data-testid="audit-staff-only">
          {t('audit.tenant.staffOnly')}
        </Button>
      </Alert>
      <EventFilters value={filter} onChange={apply} />
      <Group justify="flex-end">
        <Button component="a" href={tenantCsvUrl(filter)} download variant="light" data-testid="audit-csv">
          {t('audit.tenant.csv')}
        </Button>
      </Group>
      {events.isPending ? (
        <LoadingState />
      ) : events.isError ? (
        <ErrorAlert error={events.error} onRetry={() => void events.refetch()} />
      ) : events.data.total === 0 ? (
        <Text c="dimmed" data-testid="audit-empty">
          {t('audit.table.empty')}
        </Text>
      ) : (
        <EventTable page={events.data} onPage={(page) => apply({ ...filter, page })} />
      )}
      <Text size="xs" c="dimmed">
        {t('audit.tenant.csvNote')}
      </Text>
    </Stack>
  );
}
