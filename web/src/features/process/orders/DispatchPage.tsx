import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useDispatch, useWorkstationChoices } from './api';
import { jstDate, jstTime } from './jst';
import { OperationStatusBadge } from './orderLabels';

/** 差立て: the operations of one workstation on one JST day, in order, as a printable table. */
export function DispatchPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('processOrders.dispatch.title'));
  const [search, setSearch] = useSearchParams();
  const workstations = useWorkstationChoices();
  const workstationId = search.get('workstationId') ?? workstations.data?.[0]?.id ?? null;
  const day = search.get('day') ?? jstDate(Date.now());
  const dispatch = useDispatch(workstationId, day);

  const set = (key: string, value: string) => {
    const params = new URLSearchParams(search);
    params.set(key, value);
    if (key === 'day' && workstationId) params.set('workstationId', workstationId);
    setSearch(params);
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('processOrders.dispatch.title')}</Title>
        <Button variant="default" onClick={() => window.print()} className="no-print" data-testid="dispatch-print">
          {t('processOrders.dispatch.print')}
        </Button>
      </Group>
      <Group align="flex-end">
        <NativeSelect
          label={t('processOrders.fields.workstation')}
          value={workstationId ?? ''}
          onChange={(e) => set('workstationId', e.currentTarget.value)}
          data={(workstations.data ?? []).map((w) => ({ value: w.id, label: `${w.code} ${w.name}` }))}
          data-testid="dispatch-workstation"
        />
        <TextInput type="date" label={t('processOrders.dispatch.day')} value={day} onChange={(e) => set('day', e.currentTarget.value)} data-testid="dispatch-day" />
      </Group>
      {workstations.isError && <ErrorAlert error={workstations.error} onRetry={() => void workstations.refetch()} />}
      {workstations.data?.length === 0 ? (
        <Text c="dimmed">{t('processOrders.dispatch.noWorkstations')}</Text>
      ) : dispatch.isPending ? (
        workstationId ? <LoadingState /> : null
      ) : dispatch.isError ? (
        <ErrorAlert error={dispatch.error} onRetry={() => void dispatch.refetch()} />
      ) : (
        <Stack gap="xs">
          <Title order={2} size="h3" data-testid="dispatch-heading">
            {t('processOrders.dispatch.heading', { workstation: `${dispatch.data.workstation.code} ${dispatch.data.workstation.name}`, day: dispatch.data.day })}
          </Title>
          {dispatch.data.operations.length === 0 ? (
            <Text c="dimmed" data-testid="dispatch-empty">
              {t('processOrders.dispatch.empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={900}>
              <Table striped withTableBorder withColumnBorders data-testid="dispatch-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('processOrders.dispatch.order')}</Table.Th>
                    <Table.Th scope="col">{t('processOrders.fields.startAt')}</Table.Th>
                    <Table.Th scope="col">{t('processOrders.fields.endAt')}</Table.Th>
                    <Table.Th scope="col">{t('processOrders.fields.orderNo')}</Table.Th>
                    <Table.Th scope="col">{t('processOrders.fields.item')}</Table.Th>
                    <Table.Th scope="col">{t('processOrders.fields.lotNo')}</Table.Th>
                    <Table.Th scope="col">{t('processOrders.fields.operation')}</Table.Th>
                    <Table.Th scope="col">{t('processOrders.fields.quantity')}</Table.Th>
                    <Table.Th scope="col">{t('processOrders.fields.dueAt')}</Table.Th>
                    <Table.Th scope="col">{t('processOrders.fields.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {dispatch.data.operations.map((op, index) => (
                    <Table.Tr key={op.id} data-testid={`dispatch-row-${op.orderNo}-${op.seq}`}>
                      <Table.Td>{index + 1}</Table.Td>
                      <Table.Td>{op.startAt ? jstTime(Date.parse(op.startAt)) : '—'}</Table.Td>
                      <Table.Td>{op.endAt ? jstTime(Date.parse(op.endAt)) : '—'}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/s/process/orders/${op.orderId}`}>
                          {op.orderNo}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{op.itemName}</Table.Td>
                      <Table.Td>{op.lotNo || '—'}</Table.Td>
                      <Table.Td>
                        {op.seq}. {op.name}
                      </Table.Td>
                      <Table.Td>{op.quantity.toLocaleString(lang)}</Table.Td>
                      <Table.Td>{formatDateTime(op.dueAt, lang)}</Table.Td>
                      <Table.Td>
                        <OperationStatusBadge status={op.status} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Text size="xs" c="dimmed">
            {t('processOrders.dispatch.jstNote')}
          </Text>
        </Stack>
      )}
    </Stack>
  );
}
