import { ActionIcon, Button, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ENERGY_TYPES, ENERGY_UNITS, type EnergyMap, type Lot, type WorkRecord, type WorkRecordInput } from './api';
import { fromJstInput, parseAmount, toJstInput } from './shared';

export const LOSS_REASONS = ['none', 'setup', 'material', 'breakdown', 'quality', 'other'] as const;
type LossReason = (typeof LOSS_REASONS)[number];

interface LotLine {
  lotId: string;
  lotNo: string;
  itemCode: string;
  quantity: string;
}

interface RecordFormProps {
  operationId: string;
  /** The record being finished or edited; absent when a finished record is entered at once. */
  record?: WorkRecord;
  /** Show start and finish times (editing); the tablet records "now" instead. */
  withTimes: boolean;
  /** Larger inputs for the shop-floor tablet. */
  large?: boolean;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (input: WorkRecordInput) => void;
  onCancel: () => void;
}

function amountText(value: number | undefined): string {
  return value === undefined || value === 0 ? '' : String(value);
}

/** Splits a stored loss reason "段取りロス: 金型交換" into the preset it starts with and the free text. */
function splitReason(stored: string, labels: Record<LossReason, string>): { reason: LossReason; text: string } {
  if (stored === '') return { reason: 'none', text: '' };
  for (const reason of LOSS_REASONS) {
    if (reason === 'none') continue;
    const label = labels[reason];
    if (stored === label) return { reason, text: '' };
    if (stored.startsWith(`${label}: `)) return { reason, text: stored.slice(label.length + 2) };
  }
  return { reason: 'other', text: stored };
}

/**
 * What happened on an operation: good and scrap quantity, loss reason (a preset and free
 * text), the energy used per type, the lots consumed (picked by lot number) and the lot
 * produced. Number fields open the numeric keypad on tablets.
 */
export function RecordForm({ operationId, record, withTimes, large, submitLabel, pending, error, onSubmit, onCancel }: RecordFormProps) {
  const { t } = useTranslation();
  const size = large ? 'lg' : 'sm';
  const reasonLabels = Object.fromEntries(LOSS_REASONS.map((r) => [r, t(`processRecords.form.reasons.${r}`)])) as Record<LossReason, string>;
  const initialReason = splitReason(record?.lossReason ?? '', reasonLabels);
  const [good, setGood] = useState(record ? String(record.goodQuantity) : '');
  const [scrap, setScrap] = useState(record ? amountText(record.scrapQuantity) : '');
  const [reason, setReason] = useState<LossReason>(initialReason.reason);
  const [reasonText, setReasonText] = useState(initialReason.text);
  const [energy, setEnergy] = useState<Record<string, string>>(() =>
    Object.fromEntries(ENERGY_TYPES.map((type) => [type, amountText(record?.energy[type])])),
  );
  const [lots, setLots] = useState<LotLine[]>(() => (record?.consumedLots ?? []).map((l) => ({ ...l, quantity: String(l.quantity) })));
  const [lotSearch, setLotSearch] = useState('');
  const [lotMessage, setLotMessage] = useState<string | undefined>();
  const [producedLotNo, setProducedLotNo] = useState(record?.producedLotNo ?? '');
  const [startedAt, setStartedAt] = useState(record ? toJstInput(record.startedAt) : '');
  const [finishedAt, setFinishedAt] = useState(record?.finishedAt ? toJstInput(record.finishedAt) : '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  /** A field's message goes away as soon as it is changed. */
  const clear = (key: string) =>
    setErrors((current) => {
      if (current[key] === undefined) return current;
      const { [key]: _cleared, ...rest } = current;
      return rest;
    });

  const addLot = async () => {
    const lotNo = lotSearch.trim();
    if (lotNo === '') return;
    setLotMessage(undefined);
    try {
      const answer = await api.get<{ lots: Lot[] }>(`/api/process/lots?q=${encodeURIComponent(lotNo)}&pageSize=20`);
      const found = answer.lots.find((l) => l.lotNo === lotNo) ?? (answer.lots.length === 1 ? answer.lots[0] : undefined);
      if (!found) {
        setLotMessage(t('processRecords.form.lotNotFound', { lotNo }));
        return;
      }
      if (lots.some((l) => l.lotId === found.id)) {
        setLotMessage(t('processRecords.form.lotAlready', { lotNo: found.lotNo }));
        return;
      }
      setLots((current) => [...current, { lotId: found.id, lotNo: found.lotNo, itemCode: found.itemCode, quantity: '' }]);
      setLotSearch('');
    } catch (lookupError) {
      setLotMessage(lookupError instanceof Error ? lookupError.message : t('errors.page'));
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    const goodValue = parseAmount(good);
    const scrapValue = parseAmount(scrap) ?? 0;
    if (goodValue === null || goodValue < 0) next.goodQuantity = t('processRecords.form.numberRequired');
    if (scrapValue < 0) next.scrapQuantity = t('processRecords.form.numberInvalid');
    const energyValues: EnergyMap = {};
    for (const type of ENERGY_TYPES) {
      const text = energy[type] ?? '';
      if (text.trim() === '') continue;
      const value = parseAmount(text);
      if (value === null || value < 0) next[`energy.${type}`] = t('processRecords.form.numberInvalid');
      else energyValues[type] = value;
    }
    const consumed: { lotId: string; quantity: number }[] = [];
    for (const line of lots) {
      const value = parseAmount(line.quantity);
      if (value === null || value <= 0) next[`lot.${line.lotId}`] = t('processRecords.form.lotQuantityRequired');
      else consumed.push({ lotId: line.lotId, quantity: value });
    }
    const started = withTimes ? fromJstInput(startedAt) : (record?.startedAt ?? new Date().toISOString());
    const finished = withTimes ? (finishedAt === '' ? null : fromJstInput(finishedAt)) : new Date().toISOString();
    if (withTimes && started === null) next.startedAt = t('processRecords.form.timeRequired');
    if (withTimes && finishedAt !== '' && finished === null) next.finishedAt = t('processRecords.form.timeInvalid');
    setErrors(next);
    if (Object.keys(next).length > 0 || goodValue === null || started === null) return;
    const lossReason = reason === 'none' ? reasonText.trim() : reasonText.trim() === '' ? reasonLabels[reason] : `${reasonLabels[reason]}: ${reasonText.trim()}`;
    onSubmit({
      operationId,
      startedAt: started,
      finishedAt: finished,
      goodQuantity: goodValue,
      scrapQuantity: scrapValue,
      lossReason,
      energy: energyValues,
      consumedLots: consumed,
      ...(producedLotNo.trim() === '' ? {} : { producedLotNo: producedLotNo.trim() }),
    });
  };

  return (
    <form onSubmit={submit} noValidate data-testid="record-form">
      <Stack gap="md">
        {error !== null && error !== undefined && <ErrorAlert error={error} />}
        {withTimes && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput type="datetime-local" size={size} label={t('processRecords.form.startedAt')} description={t('processRecords.form.jst')} value={startedAt} onChange={(e) => { setStartedAt(e.currentTarget.value); clear('startedAt'); }} error={errors.startedAt} required data-testid="record-started-at" />
            <TextInput type="datetime-local" size={size} label={t('processRecords.form.finishedAt')} description={t('processRecords.form.jst')} value={finishedAt} onChange={(e) => { setFinishedAt(e.currentTarget.value); clear('finishedAt'); }} error={errors.finishedAt} data-testid="record-finished-at" />
          </SimpleGrid>
        )}
        <SimpleGrid cols={2}>
          <TextInput size={size} inputMode="decimal" autoComplete="off" label={t('processRecords.form.good')} value={good} onChange={(e) => { setGood(e.currentTarget.value); clear('goodQuantity'); }} error={errors.goodQuantity} required data-testid="record-good" />
          <TextInput size={size} inputMode="decimal" autoComplete="off" label={t('processRecords.form.scrap')} value={scrap} onChange={(e) => { setScrap(e.currentTarget.value); clear('scrapQuantity'); }} error={errors.scrapQuantity} data-testid="record-scrap" />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            size={size}
            label={t('processRecords.form.lossReason')}
            value={reason}
            onChange={(e) => setReason(LOSS_REASONS.find((r) => r === e.currentTarget.value) ?? 'none')}
            data={LOSS_REASONS.map((r) => ({ value: r, label: reasonLabels[r] }))}
            data-testid="record-loss-reason"
          />
          <TextInput size={size} label={t('processRecords.form.lossText')} value={reasonText} maxLength={400} onChange={(e) => setReasonText(e.currentTarget.value)} data-testid="record-loss-text" />
        </SimpleGrid>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <Title order={2} size="h4" mb="xs" component="legend">
            {t('processRecords.form.energy')}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 3 }}>
            {ENERGY_TYPES.map((type) => (
              <TextInput
                key={type}
                size={size}
                inputMode="decimal"
                autoComplete="off"
                label={t('processRecords.form.energyField', { name: t(`processRecords.energy.${type}`), unit: ENERGY_UNITS[type] })}
                value={energy[type] ?? ''}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setEnergy((current) => ({ ...current, [type]: value }));
                  clear(`energy.${type}`);
                }}
                error={errors[`energy.${type}`]}
                data-testid={`record-energy-${type}`}
              />
            ))}
          </SimpleGrid>
        </fieldset>
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('processRecords.form.consumedLots')}
          </Title>
          <Group align="flex-end" gap="xs">
            <TextInput
              size={size}
              style={{ flex: 1 }}
              label={t('processRecords.form.lotNo')}
              value={lotSearch}
              onChange={(e) => setLotSearch(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void addLot();
                }
              }}
              error={lotMessage}
              data-testid="record-lot-search"
            />
            <Button size={size} variant="light" onClick={() => void addLot()} data-testid="record-lot-add" mb={lotMessage ? 22 : 0}>
              {t('processRecords.form.addLot')}
            </Button>
          </Group>
          {lots.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('processRecords.form.noLots')}
            </Text>
          ) : (
            <Table data-testid="record-lots">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('processRecords.form.lotNo')}</Table.Th>
                  <Table.Th scope="col">{t('processRecords.lots.item')}</Table.Th>
                  <Table.Th scope="col">{t('processRecords.form.lotQuantity')}</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('processRecords.form.removeLotColumn')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lots.map((line) => (
                  <Table.Tr key={line.lotId} data-testid={`record-lot-${line.lotNo}`}>
                    <Table.Td>{line.lotNo}</Table.Td>
                    <Table.Td>{line.itemCode}</Table.Td>
                    <Table.Td>
                      <TextInput
                        size={size}
                        inputMode="decimal"
                        autoComplete="off"
                        aria-label={t('processRecords.form.lotQuantityOf', { lotNo: line.lotNo })}
                        value={line.quantity}
                        onChange={(e) => {
                          const value = e.currentTarget.value;
                          setLots((current) => current.map((l) => (l.lotId === line.lotId ? { ...l, quantity: value } : l)));
                          clear(`lot.${line.lotId}`);
                        }}
                        error={errors[`lot.${line.lotId}`]}
                        data-testid="record-lot-quantity"
                      />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        size={large ? 44 : 'lg'}
                        variant="subtle"
                        color="red.9"
                        aria-label={t('processRecords.form.removeLot', { lotNo: line.lotNo })}
                        onClick={() => setLots((current) => current.filter((l) => l.lotId !== line.lotId))}
                      >
                        ×
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
        <TextInput size={size} label={t('processRecords.form.producedLot')} description={t('processRecords.form.producedLotHint')} value={producedLotNo} maxLength={60} onChange={(e) => setProducedLotNo(e.currentTarget.value)} data-testid="record-produced-lot" />
        <Group justify="flex-end">
          <Button size={size} variant="default" onClick={onCancel} data-testid="record-cancel">
            {t('processRecords.cancel')}
          </Button>
          <Button size={size} type="submit" loading={pending} data-testid="record-submit">
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
