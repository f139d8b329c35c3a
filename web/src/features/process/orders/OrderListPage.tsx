import { Anchor, Button, Checkbox, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { ListPager } from '../../../components/ListPager';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { useFilterDraft } from '../../../components/useFilterDraft';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { ORDER_STATUSES, PAGE_SIZE, useOrders, type OrderFilter } from './api';
import { LateBadge, OrderStatusBadge } from './orderLabels';

function filterFrom(search: URLSearchParams): OrderFilter {
  const page = Number(search.get('page'));
  return {
    status: ORDER_STATUSES.find((s) => s === search.get('status')) ?? '',
    q: search.get('q') ?? '',
    late: search.get('late') === 'true',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** 製造指図の一覧: status, search and late-only filters kept in the URL; late orders marked. */
export function OrderListPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('processOrders.list.title'));
  const [search, setSearch] = useSearchParams();
  const filter = filterFrom(search);
  const [draft, setDraft] = useFilterDraft(filter);
  const orders = useOrders(filter);

  const show = (next: OrderFilter) => {
    const params = new URLSearchParams();
    if (next.status) params.set('status', next.status);
    if (next.q.trim()) params.set('q', next.q.trim());
    if (next.late) params.set('late', 'true');
    if (next.page > 1) params.set('page', String(next.page));
    setSearch(params);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    show({ ...draft, page: 1 });
  };
  const pages = orders.data ? Math.max(1, Math.ceil(orders.data.total / PAGE_SIZE)) : 1;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('processOrders.list.title')}</Title>
        <Button component={Link} to="/s/process/orders/new" data-testid="order-new">
          {t('processOrders.list.new')}
        </Button>
      </Group>
      <form onSubmit={submit} aria-label={t('processOrders.list.filter')}>
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t('processOrders.fields.status')}
            value={draft.status}
            onChange={(e) => {
              const status = ORDER_STATUSES.find((s) => s === e.currentTarget.value) ?? '';
              setDraft({ ...draft, status });
              show({ ...draft, status, page: 1 });
            }}
            data={[{ value: '', label: t('processOrders.list.allStatuses') }, ...ORDER_STATUSES.map((s) => ({ value: s, label: t(`processOrders.status.${s}`) }))]}
            data-testid="order-filter-status"
          />
          <TextInput
            label={t('processOrders.list.search')}
            placeholder={t('processOrders.list.searchPlaceholder')}
            value={draft.q}
            onChange={(e) => setDraft({ ...draft, q: e.currentTarget.value })}
            data-testid="order-filter-q"
          />
          <Checkbox
            label={t('processOrders.list.lateOnly')}
            checked={draft.late}
            onChange={(e) => {
              const late = e.currentTarget.checked;
              setDraft({ ...draft, late });
              show({ ...draft, late, page: 1 });
            }}
            mb={8}
            data-testid="order-filter-late"
          />
          <Button type="submit" variant="light" data-testid="order-filter-submit">
            {t('processOrders.list.apply')}
          </Button>
        </Group>
      </form>
      {orders.isPending ? (
        <LoadingState />
      ) : orders.isError ? (
        <ErrorAlert error={orders.error} onRetry={() => void orders.refetch()} />
      ) : orders.data.total === 0 ? (
        <Text c="dimmed" data-testid="order-empty">
          {t('processOrders.list.empty')}
        </Text>
      ) : (
        <Stack>
          <Text size="sm">{t('processOrders.list.total', { count: orders.data.total })}</Text>
          <Table.ScrollContainer minWidth={960}>
            <Table striped verticalSpacing="xs" data-testid="order-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('processOrders.fields.orderNo')}</Table.Th>
                  <Table.Th scope="col">{t('processOrders.fields.item')}</Table.Th>
                  <Table.Th scope="col">{t('processOrders.fields.quantity')}</Table.Th>
                  <Table.Th scope="col">{t('processOrders.fields.dueAt')}</Table.Th>
                  <Table.Th scope="col">{t('processOrders.fields.planned')}</Table.Th>
                  <Table.Th scope="col">{t('processOrders.fields.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {orders.data.orders.map((order) => (
                  <Table.Tr
                    key={order.id}
                    data-testid={`order-row-${order.orderNo}`}
                    data-late={order.late ? 'true' : undefined}
                    style={order.late ? { background: 'var(--mantine-color-red-0)' } : undefined}
                  >
                    <Table.Td>
                      <Anchor component={Link} to={`/s/process/orders/${order.id}`} fw={700}>
                        {order.orderNo}
                      </Anchor>
                      {order.lotNo && (
                        <Text size="xs" c="dimmed">
                          {t('processOrders.fields.lotNoShort', { lot: order.lotNo })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{order.itemName}</Text>
                      <Text size="xs" c="dimmed">
                        {order.itemCode}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {order.quantity.toLocaleString(lang)} {order.unit}
                    </Table.Td>
                    <Table.Td>{formatDateTime(order.dueAt, lang)}</Table.Td>
                    <Table.Td>
                      {order.plannedStart && order.plannedEnd ? (
                        <Text size="sm">
                          {formatDateTime(order.plannedStart, lang)} – {formatDateTime(order.plannedEnd, lang)}
                        </Text>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t('processOrders.list.unscheduled')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <OrderStatusBadge status={order.status} />
                        {order.late && <LateBadge />}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListPager pages={pages} page={filter.page} onChange={(page) => show({ ...filter, page })} />
        </Stack>
      )}
    </Stack>
  );
}
