import { Anchor, Badge, Button, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { ENERGY_TYPES, useIsProcessAdmin, useWorkstations, WEEKDAYS, type Workstation } from './api';
import { ImportDialog } from './ImportDialog';
import { formatNumber, MasterPager, MasterHeader, NoticeFromState, ReadOnlyNote } from './shared';

/** The weekdays a workstation works, e.g. "月〜金 08:00–17:00". */
function useHoursSummary() {
  const { t } = useTranslation();
  return (ws: Workstation): string => {
    const working = WEEKDAYS.filter((d) => (ws.workHours[d] ?? []).length > 0);
    if (working.length === 0) return t('processMaster.workstations.noHours');
    return working.map((d) => `${t(`processMaster.weekdays.${d}`)} ${(ws.workHours[d] ?? []).map(([a, b]) => `${a}–${b}`).join(', ')}`).join(' / ');
  };
}

/** 設備: the workstations orders are planned on, with their hours and energy use. */
export function WorkstationListPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('processMaster.workstations.title'));
  const isAdmin = useIsProcessAdmin();
  const [search, setSearch] = useSearchParams();
  const pageParam = Number(search.get('page'));
  const page = Number.isInteger(pageParam) && pageParam > 1 ? pageParam : 1;
  const workstations = useWorkstations({ page });
  const [importing, setImporting] = useState(false);
  const summary = useHoursSummary();
  const energyName = (key: string) => ((ENERGY_TYPES as readonly string[]).includes(key) ? t(`processMaster.energy.${key as (typeof ENERGY_TYPES)[number]}`) : key);

  return (
    <Stack>
      <MasterHeader
        title={t('processMaster.workstations.title')}
        intro={t('processMaster.workstations.intro')}
        actions={
          isAdmin && (
            <>
              <Button variant="default" onClick={() => setImporting(true)} data-testid="workstation-import-open">
                {t('processMaster.import.open')}
              </Button>
              <Button component={Link} to="/s/process/workstations/new" data-testid="workstation-new">
                {t('processMaster.workstations.new')}
              </Button>
            </>
          )
        }
      />
      {!isAdmin && <ReadOnlyNote />}
      <NoticeFromState />
      {workstations.isPending ? (
        <LoadingState />
      ) : workstations.isError ? (
        <ErrorAlert error={workstations.error} onRetry={() => void workstations.refetch()} />
      ) : workstations.data.total === 0 ? (
        <Text c="dimmed" data-testid="workstation-empty">
          {isAdmin ? t('processMaster.workstations.emptyAdmin') : t('processMaster.workstations.empty')}
        </Text>
      ) : (
        <Stack>
          <Text size="sm">{t('processMaster.total', { count: workstations.data.total })}</Text>
          <Table.ScrollContainer minWidth={820}>
            <Table striped verticalSpacing="xs" data-testid="workstation-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('processMaster.workstations.code')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.workstations.name')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.workstations.setupCleanup')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.workstations.powerKw')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.workstations.energySources')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.workstations.workHours')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {workstations.data.workstations.map((ws) => (
                  <Table.Tr key={ws.id} data-testid={`workstation-row-${ws.code}`}>
                    <Table.Td>
                      <Anchor component={Link} to={`/s/process/workstations/${ws.id}`} fw={700}>
                        {ws.code}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {ws.name}
                      {ws.archived && (
                        <Badge ml="xs" color="gray.8" variant="outline">
                          {t('processMaster.archived')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{t('processMaster.workstations.minutesPair', { setup: ws.setupMinutes, cleanup: ws.cleanupMinutes })}</Table.Td>
                    <Table.Td>{formatNumber(ws.powerKw, lang)}</Table.Td>
                    <Table.Td>{ws.energySources.map(energyName).join('、') || '—'}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{summary(ws)}</Text>
                      {ws.observeHolidays && (
                        <Text size="xs" c="dimmed">
                          {t('processMaster.workstations.holidaysOff')}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <MasterPager total={workstations.data.total} page={page} onChange={(next) => setSearch(next > 1 ? { page: String(next) } : {})} />
        </Stack>
      )}
      {importing && <ImportDialog kind="workstations" onClose={() => setImporting(false)} />}
    </Stack>
  );
}
