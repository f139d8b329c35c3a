import { Anchor, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useOrder, useOrderRecords, useUpdateRecord, type WorkRecord } from './api';
import { RecordForm } from './RecordForm';
import { RecordsDialog, formatNumber, useEnergyText } from './shared';

/** Every work record of one production order, with an edit dialog for each. */
export function OrderRecordsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { orderId = '' } = useParams();
  const order = useOrder(orderId);
  const records = useOrderRecords(orderId);
  const update = useUpdateRecord();
  const [editing, setEditing] = useState<WorkRecord | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const energyText = useEnergyText();
  const orderNo = order.data?.order.orderNo ?? records.data?.records[0]?.orderNo ?? '';
  usePageTitle(t('processRecords.records.title', { orderNo }));

  return (
    <Stack data-testid="order-records-page">
      <Anchor component={Link} to="/s/process/work" size="sm">
        {t('processRecords.records.back')}
      </Anchor>
      <Title order={1}>{t('processRecords.records.title', { orderNo })}</Title>
      {order.data && (
        <Text>
          {t('processRecords.records.orderLine', {
            item: `${order.data.order.itemCode} ${order.data.order.itemName}`,
            quantity: formatNumber(order.data.order.quantity, lang),
            unit: order.data.order.unit,
          })}
        </Text>
      )}
      {notice && (
        <Text role="status" c="teal.9" fw={700} data-testid="order-records-notice">
          {notice}
        </Text>
      )}
      {records.isPending ? (
        <LoadingState />
      ) : records.isError ? (
        <ErrorAlert error={records.error} onRetry={() => void records.refetch()} />
      ) : records.data.records.length === 0 ? (
        <Text c="dimmed" data-testid="order-records-empty">
          {t('processRecords.records.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="order-records-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('processRecords.records.operation')}</Table.Th>
                <Table.Th scope="col">{t('processRecords.records.started')}</Table.Th>
                <Table.Th scope="col">{t('processRecords.records.finished')}</Table.Th>
                <Table.Th scope="col">{t('processRecords.records.goodScrap')}</Table.Th>
                <Table.Th scope="col">{t('processRecords.records.lossReason')}</Table.Th>
                <Table.Th scope="col">{t('processRecords.records.energy')}</Table.Th>
                <Table.Th scope="col">{t('processRecords.records.lots')}</Table.Th>
                <Table.Th scope="col">{t('processRecords.records.operator')}</Table.Th>
                <Table.Th scope="col">{t('processRecords.records.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {records.data.records.map((r) => (
                <Table.Tr key={r.id} data-testid="order-record-row">
                  <Table.Td>{r.operationName}</Table.Td>
                  <Table.Td>{formatDateTime(r.startedAt, lang)}</Table.Td>
                  <Table.Td>{r.finishedAt ? formatDateTime(r.finishedAt, lang) : t('processRecords.records.running')}</Table.Td>
                  <Table.Td>
                    {formatNumber(r.goodQuantity, lang)} / {formatNumber(r.scrapQuantity, lang)}
                  </Table.Td>
                  <Table.Td>{r.lossReason === '' ? '—' : r.lossReason}</Table.Td>
                  <Table.Td>{energyText(r.energy, lang)}</Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      {r.consumedLots.map((l) => (
                        <Anchor key={l.lotId} component={Link} to={`/s/process/lots/${l.lotId}`} size="sm">
                          {t('processRecords.records.consumed', { lotNo: l.lotNo, quantity: formatNumber(l.quantity, lang) })}
                        </Anchor>
                      ))}
                      {r.producedLotId && r.producedLotNo && (
                        <Anchor component={Link} to={`/s/process/lots/${r.producedLotId}`} size="sm">
                          {t('processRecords.records.produced', { lotNo: r.producedLotNo })}
                        </Anchor>
                      )}
                      {r.consumedLots.length === 0 && !r.producedLotId && '—'}
                    </Stack>
                  </Table.Td>
                  <Table.Td>{r.operatorName === '' ? '—' : r.operatorName}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() => {
                        update.reset();
                        setNotice(null);
                        setEditing(r);
                      }}
                      aria-label={t('processRecords.records.editOf', { name: r.operationName, time: formatDateTime(r.startedAt, lang) })}
                      data-testid="order-record-edit"
                    >
                      {t('processRecords.records.edit')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && (
        <RecordsDialog title={t('processRecords.records.editTitle', { name: editing.operationName })} onClose={() => setEditing(null)} size="xl">
          <RecordForm
            operationId={editing.operationId}
            record={editing}
            withTimes
            submitLabel={t('processRecords.save')}
            pending={update.isPending}
            error={update.error}
            onCancel={() => setEditing(null)}
            onSubmit={(input) =>
              update.mutate(
                { ...input, id: editing.id, version: editing.version },
                {
                  onSuccess: () => {
                    setNotice(t('processRecords.records.saved'));
                    setEditing(null);
                  },
                },
              )
            }
          />
        </RecordsDialog>
      )}
    </Stack>
  );
}
