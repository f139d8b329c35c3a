import { Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useLoad } from './api';
import { DAY_MS, jstDate, jstMonthDay, jstWeekStart, parseJstDate } from './jst';

const WEEK_CHOICES = ['4', '8', '12', '26'];

/** 負荷: booked against available minutes per workstation and week; over 100% is marked red. */
export function LoadPage() {
  const { t } = useTranslation();
  usePageTitle(t('processOrders.load.title'));
  const [search, setSearch] = useSearchParams();
  const fromParam = parseJstDate(search.get('from') ?? '');
  const from = jstDate(jstWeekStart(Number.isNaN(fromParam) ? Date.now() : fromParam));
  const weeks = WEEK_CHOICES.includes(search.get('weeks') ?? '') ? Number(search.get('weeks')) : 8;
  const load = useLoad(from, weeks);

  const set = (next: { from?: string; weeks?: number }) => {
    const params = new URLSearchParams();
    params.set('from', next.from ?? from);
    params.set('weeks', String(next.weeks ?? weeks));
    setSearch(params);
  };
  const shift = (direction: -1 | 1) => set({ from: jstDate(parseJstDate(from) + direction * weeks * 7 * DAY_MS) });

  return (
    <Stack>
      <Title order={1}>{t('processOrders.load.title')}</Title>
      <Text size="sm">{t('processOrders.load.intro')}</Text>
      <Group align="flex-end">
        <TextInput type="date" label={t('processOrders.load.from')} value={from} onChange={(e) => e.currentTarget.value && set({ from: e.currentTarget.value })} data-testid="load-from" />
        <NativeSelect label={t('processOrders.load.weeks')} value={String(weeks)} onChange={(e) => set({ weeks: Number(e.currentTarget.value) })} data={WEEK_CHOICES.map((w) => ({ value: w, label: t('processOrders.load.weeksOption', { count: Number(w) }) }))} data-testid="load-weeks" />
        <Button variant="default" onClick={() => shift(-1)}>
          {t('processOrders.gantt.prev')}
        </Button>
        <Button variant="default" onClick={() => set({ from: jstDate(jstWeekStart(Date.now())) })}>
          {t('processOrders.load.thisWeek')}
        </Button>
        <Button variant="default" onClick={() => shift(1)}>
          {t('processOrders.gantt.next')}
        </Button>
      </Group>
      {load.isPending ? (
        <LoadingState />
      ) : load.isError ? (
        <ErrorAlert error={load.error} onRetry={() => void load.refetch()} />
      ) : load.data.workstations.length === 0 ? (
        <Text c="dimmed" data-testid="load-empty">
          {t('processOrders.dispatch.noWorkstations')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={240 + load.data.weeks.length * 110}>
          <Table withTableBorder withColumnBorders data-testid="load-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('processOrders.fields.workstation')}</Table.Th>
                {load.data.weeks.map((week) => (
                  <Table.Th scope="col" key={week}>
                    {t('processOrders.load.weekOf', { day: jstMonthDay(parseJstDate(week)) })}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {load.data.workstations.map((ws) => (
                <Table.Tr key={ws.id} data-testid={`load-row-${ws.code}`}>
                  <Table.Th scope="row">
                    <Text size="sm" fw={700}>
                      {ws.code}
                    </Text>
                    <Text size="xs">{ws.name}</Text>
                  </Table.Th>
                  {ws.weeks.map((week) => {
                    const over = week.loadPct > 100;
                    const pct = Math.round(week.loadPct);
                    return (
                      <Table.Td key={week.weekStart} data-testid={`load-cell-${ws.code}-${week.weekStart}`} data-over={over ? 'true' : undefined}>
                        <div
                          role="img"
                          aria-label={t('processOrders.load.cellLabel', { pct, booked: Math.round(week.bookedMinutes / 6) / 10, available: Math.round(week.availableMinutes / 6) / 10 })}
                          style={{ height: 10, background: 'var(--mantine-color-gray-2)', borderRadius: 2, overflow: 'hidden' }}
                        >
                          <div style={{ height: '100%', width: `${Math.min(100, Math.max(0, week.loadPct))}%`, background: over ? 'var(--mantine-color-red-9)' : 'var(--mantine-color-blue-7)' }} />
                        </div>
                        <Text size="sm" fw={over ? 700 : undefined} c={over ? 'red.9' : undefined}>
                          {over && <span aria-hidden="true">⚠ </span>}
                          {pct}%{over && ` ${t('processOrders.load.over')}`}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t('processOrders.load.hours', { booked: Math.round(week.bookedMinutes / 6) / 10, available: Math.round(week.availableMinutes / 6) / 10 })}
                        </Text>
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
