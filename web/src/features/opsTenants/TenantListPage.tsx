import { Anchor, Button, EmptyState, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { ListPager } from '../../components/ListPager';
import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { useServices } from '../../data/services';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import type { StaffSession } from '../audit/api';
import { tenantCsvUrl, useTenantList } from './api';
import { TenantStatusBadge } from './badges';
import { serviceName } from './serviceNames';
import { EMPTY_TENANT_FILTER, filterFromSearch, filterToSearch, formatDay, type TenantFilter } from './tenantFilters';
import { useFilterDraft } from '../../components/useFilterDraft';

const SORT_OPTIONS = ['code:asc', 'name:asc', 'createdAt:desc', 'purgeOn:asc'] as const;

/** Search, status and order of the list: applied together, so the URL describes the view. */
function TenantFilters({ value, onChange }: { value: TenantFilter; onChange: (next: TenantFilter) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useFilterDraft(value);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...draft, page: 1 });
  };
  return (
    <form onSubmit={submit} aria-label={t('opsTenants.list.filters')} data-testid="tenant-filters">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <TextInput
          label={t('opsTenants.list.search')}
          description={t('opsTenants.list.searchHint')}
          value={draft.q}
          onChange={(event) => {
            const q = event.currentTarget.value;
            setDraft((current) => ({ ...current, q }));
          }}
          data-testid="tenant-search"
        />
        <NativeSelect
          label={t('opsTenants.list.statusFilter')}
          value={draft.status}
          onChange={(event) => {
            const status = event.currentTarget.value as TenantFilter['status'];
            setDraft((current) => ({ ...current, status }));
          }}
          data={[
            { value: '', label: t('opsTenants.list.any') },
            { value: 'active', label: t('opsTenants.status.active') },
            { value: 'suspended', label: t('opsTenants.status.suspended') },
            { value: 'ended', label: t('opsTenants.status.ended') },
            { value: 'purged', label: t('opsTenants.status.purged') },
          ]}
          data-testid="tenant-status-filter"
        />
        <NativeSelect
          label={t('opsTenants.list.sort')}
          value={`${draft.sort}:${draft.order}`}
          onChange={(event) => {
            const [sort, order] = event.currentTarget.value.split(':') as [TenantFilter['sort'], TenantFilter['order']];
            setDraft((current) => ({ ...current, sort, order }));
          }}
          data={SORT_OPTIONS.map((option) => ({ value: option, label: t(`opsTenants.list.sortBy.${option}`) }))}
          data-testid="tenant-sort"
        />
      </SimpleGrid>
      <Group mt="sm">
        <Button type="submit" data-testid="tenant-filter-apply">
          {t('opsTenants.list.apply')}
        </Button>
        <Button variant="default" onClick={() => onChange(EMPTY_TENANT_FILTER)} data-testid="tenant-filter-clear">
          {t('opsTenants.list.clear')}
        </Button>
      </Group>
    </form>
  );
}

/** The operator console's list of tenants: search, filter, sort, pages and a CSV export. */
export function TenantListPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('opsTenants.list.title'));
  const staff = useOutletContext<StaffSession>();
  const [search, setSearch] = useSearchParams();
  const filter = filterFromSearch(search);
  const list = useTenantList(filter);
  const services = useServices();
  const apply = (next: TenantFilter) => setSearch(filterToSearch(next));
  const canWrite = staff.permissions.includes('ops:tenants:write');
  const filtered = filter.q !== '' || filter.status !== '';

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('opsTenants.list.title')}</Title>
        {canWrite && (
          <Button component={Link} to="/ops/tenants/new" data-testid="tenant-new">
            {t('opsTenants.list.new')}
          </Button>
        )}
      </Group>
      <Text size="sm">{t('opsTenants.list.intro')}</Text>
      <TenantFilters value={filter} onChange={apply} />
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.total === 0 ? (
        <EmptyState
          title={filtered ? t('opsTenants.list.noMatchTitle') : t('opsTenants.list.emptyTitle')}
          description={filtered ? t('opsTenants.list.noMatchBody') : t('opsTenants.list.emptyBody')}
          data-testid="tenants-empty"
        />
      ) : (
        <>
          <Group justify="space-between">
            <Text size="sm" data-testid="tenant-count">
              {t('opsTenants.list.count', { count: list.data.total })}
            </Text>
            <Button component="a" href={tenantCsvUrl(filter)} variant="default" size="xs" data-testid="tenant-csv">
              {t('opsTenants.list.csv')}
            </Button>
          </Group>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover verticalSpacing="sm" data-testid="tenant-table">
              <Table.Caption>{t('opsTenants.list.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('opsTenants.fields.code')}</Table.Th>
                  <Table.Th scope="col">{t('opsTenants.fields.name')}</Table.Th>
                  <Table.Th scope="col">{t('opsTenants.fields.status')}</Table.Th>
                  <Table.Th scope="col">{t('opsTenants.fields.services')}</Table.Th>
                  <Table.Th scope="col">{t('opsTenants.fields.purgeOn')}</Table.Th>
                  <Table.Th scope="col">{t('opsTenants.fields.createdAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.tenants.map((tenant) => (
                  <Table.Tr key={tenant.id} data-testid={`tenant-row-${tenant.code}`}>
                    <Table.Td>
                      <Anchor component={Link} to={`/ops/tenants/${tenant.id}`} fw={500}>
                        {tenant.code}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{tenant.name}</Table.Td>
                    <Table.Td>
                      <TenantStatusBadge status={tenant.status} />
                    </Table.Td>
                    <Table.Td>{tenant.services.length ? tenant.services.map((s) => serviceName(services.data, s, lang)).join('、') : t('opsTenants.list.noService')}</Table.Td>
                    <Table.Td>{tenant.purgeOn ? formatDay(tenant.purgeOn) : '—'}</Table.Td>
                    <Table.Td>{formatDateTime(tenant.createdAt, lang)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListPager pages={Math.ceil(list.data.total / list.data.pageSize)} page={list.data.page} onChange={(page) => apply({ ...filter, page })} />
        </>
      )}
    </Stack>
  );
}
