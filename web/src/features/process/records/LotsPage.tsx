import { Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useCreateLot, useItems, useLots, type Lot } from './api';
import { RecordsDialog, formatNumber, parseAmount } from './shared';

export function LotOriginBadge({ origin }: { origin: Lot['origin'] }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color={origin === 'purchased' ? 'gray.8' : 'blue.9'}>
      {t(`processRecords.lots.origin.${origin}`)}
    </Badge>
  );
}

/** Registers a purchased lot: the item, its lot number and quantity. */
function NewLotDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (lot: Lot) => void }) {
  const { t } = useTranslation();
  const items = useItems();
  const create = useCreateLot();
  const [itemId, setItemId] = useState('');
  const [lotNo, setLotNo] = useState('');
  const [quantity, setQuantity] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    const amount = parseAmount(quantity);
    if (itemId === '') next.itemId = t('processRecords.lots.itemRequired');
    if (lotNo.trim() === '') next.lotNo = t('processRecords.required');
    if (amount === null || amount < 0) next.quantity = t('processRecords.form.numberRequired');
    setErrors(next);
    if (Object.keys(next).length > 0 || amount === null) return;
    create.mutate({ itemId, lotNo: lotNo.trim(), quantity: amount }, { onSuccess: (answer) => onCreated(answer.lot) });
  };

  return (
    <RecordsDialog title={t('processRecords.lots.newTitle')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {create.isError && <ErrorAlert error={create.error} fieldsShownInline={['itemId', 'lotNo', 'quantity']} />}
          {items.isError ? (
            <ErrorAlert error={items.error} onRetry={() => void items.refetch()} />
          ) : (
            <NativeSelect
              label={t('processRecords.lots.item')}
              required
              value={itemId}
              onChange={(e) => setItemId(e.currentTarget.value)}
              error={errors.itemId ?? (create.error instanceof ApiError ? create.error.fields.itemId : undefined)}
              data={[{ value: '', label: t('processRecords.lots.chooseItem') }, ...(items.data ?? []).map((i) => ({ value: i.id, label: `${i.code} ${i.name}` }))]}
              data-testid="lot-new-item"
            />
          )}
          <TextInput label={t('processRecords.lots.lotNo')} required maxLength={60} value={lotNo} onChange={(e) => setLotNo(e.currentTarget.value)} error={errors.lotNo ?? (create.error instanceof ApiError ? create.error.fields.lotNo : undefined)} data-testid="lot-new-no" />
          <TextInput label={t('processRecords.lots.quantity')} required inputMode="decimal" value={quantity} onChange={(e) => setQuantity(e.currentTarget.value)} error={errors.quantity ?? (create.error instanceof ApiError ? create.error.fields.quantity : undefined)} data-testid="lot-new-quantity" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('processRecords.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="lot-new-submit">
              {t('processRecords.lots.register')}
            </Button>
          </Group>
        </Stack>
      </form>
    </RecordsDialog>
  );
}

/** ロット: search lots by number or item, register a purchased lot, open a lot's genealogy. */
export function LotsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('processRecords.lots.title'));
  const [search, setSearch] = useSearchParams();
  const q = search.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const lots = useLots({ q });
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <Stack data-testid="lots-page">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('processRecords.lots.title')}</Title>
        <Button onClick={() => setAdding(true)} data-testid="lot-new-open">
          {t('processRecords.lots.new')}
        </Button>
      </Group>
      <Text size="sm">{t('processRecords.lots.intro')}</Text>
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(draft.trim() === '' ? {} : { q: draft.trim() });
        }}
      >
        <Group align="flex-end">
          <TextInput label={t('processRecords.lots.search')} value={draft} onChange={(e) => setDraft(e.currentTarget.value)} style={{ flex: 1, maxWidth: 420 }} data-testid="lots-search" />
          <Button type="submit" variant="light" data-testid="lots-search-submit">
            {t('processRecords.lots.searchSubmit')}
          </Button>
        </Group>
      </form>
      {notice && (
        <Text role="status" c="teal.9" fw={700} data-testid="lots-notice">
          {notice}
        </Text>
      )}
      {lots.isPending ? (
        <LoadingState />
      ) : lots.isError ? (
        <ErrorAlert error={lots.error} onRetry={() => void lots.refetch()} />
      ) : lots.data.lots.length === 0 ? (
        <Text c="dimmed" data-testid="lots-empty">
          {t('processRecords.lots.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Text size="sm" mb="xs">
            {t('processRecords.lots.total', { count: lots.data.total })}
          </Text>
          <Table striped data-testid="lots-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('processRecords.lots.lotNo')}</Table.Th>
                <Table.Th scope="col">{t('processRecords.lots.item')}</Table.Th>
                <Table.Th scope="col">{t('processRecords.lots.originLabel')}</Table.Th>
                <Table.Th scope="col">{t('processRecords.lots.quantity')}</Table.Th>
                <Table.Th scope="col">{t('processRecords.lots.created')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lots.data.lots.map((lot) => (
                <Table.Tr key={lot.id} data-testid={`lot-row-${lot.lotNo}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/s/process/lots/${lot.id}`} fw={700}>
                      {lot.lotNo}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {lot.itemCode} {lot.itemName}
                  </Table.Td>
                  <Table.Td>
                    <LotOriginBadge origin={lot.origin} />
                  </Table.Td>
                  <Table.Td>
                    {formatNumber(lot.quantity, lang)} {lot.unit ?? ''}
                  </Table.Td>
                  <Table.Td>{formatDateTime(lot.createdAt, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {adding && (
        <NewLotDialog
          onClose={() => setAdding(false)}
          onCreated={(lot) => {
            setAdding(false);
            setNotice(t('processRecords.lots.createdNotice', { lotNo: lot.lotNo }));
          }}
        />
      )}
    </Stack>
  );
}
