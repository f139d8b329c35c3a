import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useRoutings, useIsProcessAdmin, useItemChoices } from './api';
import { ImportDialog } from './ImportDialog';
import { ItemPicker } from './ItemPicker';
import { formatNumber, MasterPager, MasterHeader, NoticeFromState, ReadOnlyNote } from './shared';

/** 工程表: the routings of each item — ordered steps on workstations with standard times and energy. */
export function RoutingListPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('processMaster.routings.title'));
  const isAdmin = useIsProcessAdmin();
  const [search, setSearch] = useSearchParams();
  const itemId = search.get('itemId') ?? '';
  const pageParam = Number(search.get('page'));
  const page = Number.isInteger(pageParam) && pageParam > 1 ? pageParam : 1;
  const items = useItemChoices();
  const routings = useRoutings({ itemId, page });
  const [importing, setImporting] = useState(false);

  const show = (next: { itemId: string; page: number }) => {
    const params = new URLSearchParams();
    if (next.itemId !== '') params.set('itemId', next.itemId);
    if (next.page > 1) params.set('page', String(next.page));
    setSearch(params);
  };

  return (
    <Stack>
      <MasterHeader
        title={t('processMaster.routings.title')}
        intro={t('processMaster.routings.intro')}
        actions={
          isAdmin && (
            <>
              <Button variant="default" onClick={() => setImporting(true)} data-testid="routing-import-open">
                {t('processMaster.import.open')}
              </Button>
              <Button component={Link} to={itemId ? `/s/process/routings/new?itemId=${encodeURIComponent(itemId)}` : '/s/process/routings/new'} data-testid="routing-new">
                {t('processMaster.routings.new')}
              </Button>
            </>
          )
        }
      />
      {!isAdmin && <ReadOnlyNote />}
      <NoticeFromState />
      <Group>
        <ItemPicker
          items={items.data ?? []}
          value={itemId}
          onChange={(id) => show({ itemId: id, page: 1 })}
          label={t('processMaster.routings.filterItem')}
          emptyLabel={t('processMaster.allItems')}
          testId="routing-item-filter"
        />
      </Group>
      {routings.isPending ? (
        <LoadingState />
      ) : routings.isError ? (
        <ErrorAlert error={routings.error} onRetry={() => void routings.refetch()} />
      ) : routings.data.total === 0 ? (
        <Text c="dimmed" data-testid="routing-empty">
          {isAdmin ? t('processMaster.routings.emptyAdmin') : t('processMaster.routings.empty')}
        </Text>
      ) : (
        <Stack>
          <Text size="sm">{t('processMaster.total', { count: routings.data.total })}</Text>
          <Table.ScrollContainer minWidth={820}>
            <Table striped verticalSpacing="xs" data-testid="routing-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('processMaster.routings.code')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.routings.name')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.routings.item')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.routings.stepCount')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.routings.steps')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {routings.data.routings.map((f) => (
                  <Table.Tr key={f.id} data-testid={`routing-row-${f.code}`}>
                    <Table.Td>
                      <Anchor component={Link} to={`/s/process/routings/${f.id}`} fw={700}>
                        {f.code}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {f.name}
                      {f.isDefault && (
                        <Badge ml="xs" color="blue.9" variant="outline">
                          {t('processMaster.default')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{`${f.itemCode} — ${f.itemName}`}</Table.Td>
                    <Table.Td>{formatNumber(f.steps.length, lang)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{f.steps.map((step) => `${step.seq}. ${step.name}（${step.workstationCode}）`).join(' → ')}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <MasterPager total={routings.data.total} page={page} onChange={(next) => show({ itemId, page: next })} />
        </Stack>
      )}
      {importing && <ImportDialog kind="routings" onClose={() => setImporting(false)} />}
    </Stack>
  );
}
