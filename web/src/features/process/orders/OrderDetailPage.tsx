import { Alert, Anchor, Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { isApiStatus } from '../../../api';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useOrder, useOrderActions, type OrderStatus } from './api';
import { OrderLabelsCard } from './OrderLabelsCard';
import { LateBadge, OperationStatusBadge, OrderStatusBadge } from './orderLabels';

const DANGEROUS: readonly OrderStatus[] = ['cancelled'];

/** One production order: its operations in JST, materials, transitions, scheduling and schedule history. */
export function OrderDetailPage() {
  const { orderId = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const detail = useOrder(orderId);
  usePageTitle(detail.data ? t('processOrders.detail.title', { orderNo: detail.data.order.orderNo }) : t('processOrders.list.title'));
  const { transition, schedule, undo } = useOrderActions(orderId);
  const [confirming, setConfirming] = useState<OrderStatus | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (detail.isPending) return <LoadingState />;
  if (detail.isError) {
    if (isApiStatus(detail.error, 404)) return <NotFoundContent />;
    return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  const { order, operations, materials, changes, allowedTransitions } = detail.data;
  const canSchedule = order.status === 'draft' || order.status === 'planned';
  const actionError = transition.error ?? schedule.error ?? undo.error;

  return (
    <Stack>
      <Anchor component={Link} to="/s/process/orders" size="sm">
        {t('processOrders.detail.back')}
      </Anchor>
      <Group justify="space-between" align="flex-end">
        <Group gap="sm" align="center">
          <Title order={1}>{t('processOrders.detail.title', { orderNo: order.orderNo })}</Title>
          <OrderStatusBadge status={order.status} />
          {order.late && <LateBadge />}
        </Group>
      </Group>
      {notice && (
        <Alert color="green" withCloseButton closeButtonLabel={t('processOrders.gantt.close')} onClose={() => setNotice(null)} data-testid="order-notice" role="status">
          {notice}
        </Alert>
      )}
      {actionError && <ErrorAlert error={actionError} />}
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Field label={t('processOrders.fields.item')} value={`${order.itemCode} ${order.itemName}`} />
          <Field label={t('processOrders.fields.quantity')} value={`${order.quantity.toLocaleString(lang)} ${order.unit}`} />
          <Field label={t('processOrders.fields.dueAt')} value={formatDateTime(order.dueAt, lang, { withZone: true })} testId="order-due-at" />
          <Field label={t('processOrders.fields.lotNo')} value={order.lotNo || '—'} />
          <Field label={t('processOrders.fields.plannedStart')} value={order.plannedStart ? formatDateTime(order.plannedStart, lang, { withZone: true }) : '—'} testId="order-planned-start" />
          <Field label={t('processOrders.fields.plannedEnd')} value={order.plannedEnd ? formatDateTime(order.plannedEnd, lang, { withZone: true }) : '—'} testId="order-planned-end" />
        </SimpleGrid>
      </Card>
      <OrderLabelsCard order={order} onSaved={() => setNotice(t('processOrders.detail.labelsSaved'))} />

      <Card withBorder>
        <Stack gap="sm">
          <Title order={2} size="h3">
            {t('processOrders.detail.actions')}
          </Title>
          <Group>
            {allowedTransitions.map((to) => (
              <Button key={to} variant={DANGEROUS.includes(to) ? 'outline' : 'filled'} color={DANGEROUS.includes(to) ? 'red' : undefined} onClick={() => setConfirming(to)} data-testid={`order-transition-${to}`}>
                {t(`processOrders.transition.${to}`)}
              </Button>
            ))}
            {canSchedule && (
              <>
                <Button
                  variant="light"
                  loading={schedule.isPending && schedule.variables === 'forward'}
                  onClick={() => schedule.mutate('forward', { onSuccess: () => setNotice(t('processOrders.detail.scheduled')) })}
                  data-testid="order-schedule-forward"
                >
                  {t('processOrders.detail.scheduleForward')}
                </Button>
                <Button
                  variant="light"
                  loading={schedule.isPending && schedule.variables === 'backward'}
                  onClick={() => schedule.mutate('backward', { onSuccess: () => setNotice(t('processOrders.detail.scheduled')) })}
                  data-testid="order-schedule-backward"
                >
                  {t('processOrders.detail.scheduleBackward')}
                </Button>
              </>
            )}
            <Button component={Link} to="/s/process/gantt" variant="default">
              {t('processOrders.detail.openGantt')}
            </Button>
          </Group>
          {canSchedule && (
            <Text size="sm" c="dimmed">
              {t('processOrders.detail.scheduleHelp')}
            </Text>
          )}
        </Stack>
      </Card>

      <Title order={2} size="h3">
        {t('processOrders.detail.operations')}
      </Title>
      {operations.length === 0 ? (
        <Text c="dimmed">{t('processOrders.detail.noOperations')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="order-operations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('processOrders.fields.seq')}</Table.Th>
                <Table.Th scope="col">{t('processOrders.fields.operation')}</Table.Th>
                <Table.Th scope="col">{t('processOrders.fields.workstation')}</Table.Th>
                <Table.Th scope="col">{t('processOrders.fields.minutes')}</Table.Th>
                <Table.Th scope="col">{t('processOrders.fields.startAt')}</Table.Th>
                <Table.Th scope="col">{t('processOrders.fields.endAt')}</Table.Th>
                <Table.Th scope="col">{t('processOrders.fields.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {operations.map((op) => (
                <Table.Tr key={op.id} data-testid={`operation-row-${op.seq}`}>
                  <Table.Td>{op.seq}</Table.Td>
                  <Table.Td>{op.name}</Table.Td>
                  <Table.Td>
                    {op.workstationCode} {op.workstationName}
                  </Table.Td>
                  <Table.Td>
                    {t('processOrders.detail.minutesBreakdown', {
                      setup: op.setupMinutes,
                      run: Math.round(op.runMinutes * 10) / 10,
                      cleanup: op.cleanupMinutes,
                    })}
                  </Table.Td>
                  <Table.Td data-testid="operation-start">{op.startAt ? formatDateTime(op.startAt, lang) : '—'}</Table.Td>
                  <Table.Td>{op.endAt ? formatDateTime(op.endAt, lang) : '—'}</Table.Td>
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
        {t('processOrders.detail.jstNote')}
      </Text>

      <Title order={2} size="h3">
        {t('processOrders.detail.materials')}
      </Title>
      {materials.length === 0 ? (
        <Text c="dimmed">{t('processOrders.detail.noMaterials')}</Text>
      ) : (
        <Table striped data-testid="order-materials">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('processOrders.fields.itemCode')}</Table.Th>
              <Table.Th scope="col">{t('processOrders.fields.item')}</Table.Th>
              <Table.Th scope="col">{t('processOrders.fields.requiredQuantity')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {materials.map((m) => (
              <Table.Tr key={m.itemId}>
                <Table.Td>{m.itemCode}</Table.Td>
                <Table.Td>{m.itemName}</Table.Td>
                <Table.Td>
                  {m.requiredQuantity.toLocaleString(lang, { maximumFractionDigits: 3 })} {m.unit}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      <Title order={2} size="h3">
        {t('processOrders.detail.changes')}
      </Title>
      {changes.length === 0 ? (
        <Text c="dimmed">{t('processOrders.detail.noChanges')}</Text>
      ) : (
        <Table striped data-testid="order-changes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('processOrders.detail.changedAt')}</Table.Th>
              <Table.Th scope="col">{t('processOrders.detail.changedBy')}</Table.Th>
              <Table.Th scope="col">{t('processOrders.fields.status')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('processOrders.detail.undo')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changes.map((change) => (
              <Table.Tr key={change.id}>
                <Table.Td>{formatDateTime(change.changedAt, lang)}</Table.Td>
                <Table.Td>{change.changedBy}</Table.Td>
                <Table.Td>
                  {change.undoneAt ? (
                    <Badge color="gray" variant="light">
                      {t('processOrders.detail.undoneAt', { at: formatDateTime(change.undoneAt, lang) })}
                    </Badge>
                  ) : (
                    <Badge variant="light">{t('processOrders.detail.applied')}</Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {change.canUndo && (
                    <Button size="xs" variant="light" loading={undo.isPending && undo.variables === change.id} onClick={() => undo.mutate(change.id, { onSuccess: () => setNotice(t('processOrders.detail.undone')) })} data-testid={`change-undo-${change.id}`}>
                      {t('processOrders.detail.undo')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      <Modal opened={confirming !== null} onClose={() => setConfirming(null)} title={confirming ? t(`processOrders.transition.${confirming}`) : ''} centered>
        {confirming && (
          <Stack>
            <Text>{t(`processOrders.confirm.${confirming}`, { orderNo: order.orderNo })}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(null)}>
                {t('processOrders.create.cancel')}
              </Button>
              <Button
                color={DANGEROUS.includes(confirming) ? 'red' : undefined}
                loading={transition.isPending}
                onClick={() =>
                  transition.mutate(confirming, {
                    onSettled: () => setConfirming(null),
                    onSuccess: () => setNotice(t('processOrders.detail.transitioned', { status: t(`processOrders.status.${confirming}`) })),
                  })
                }
                data-testid="order-transition-confirm"
              >
                {t('processOrders.detail.confirm')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

function Field({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}
