import { Anchor, Button, Card, Group, NativeSelect, NumberInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { usePageTitle } from '../../../layout/usePageTitle';
import { LabelFieldsEditor } from '../labels/LabelFieldsEditor';
import { EMPTY_LABELS, LABEL_FIELD_NAMES, labelFieldErrors, labelFieldsInput, type LabelFields } from '../labels/labelFields';
import { useCreateOrder, useFormulaChoices, useItemChoices, useRoutingChoices } from './api';
import { jstLocalToIso } from './jst';

const FIELDS = ['itemId', 'quantity', 'dueAt', 'lotNo', 'routingId', 'formulaId', ...LABEL_FIELD_NAMES] as const;

/** 製造指図の作成: item (with its unit), quantity, due date in JST, lot, routing/formula (item defaults), labels and, for 機密, who may see it. */
export function NewOrderPage() {
  const { t } = useTranslation();
  usePageTitle(t('processOrders.create.title'));
  const navigate = useNavigate();
  const items = useItemChoices();
  const [itemId, setItemId] = useState('');
  const [quantity, setQuantity] = useState<number | string>('');
  const [dueAt, setDueAt] = useState('');
  const [lotNo, setLotNo] = useState('');
  const [routingId, setRoutingId] = useState('');
  const [formulaId, setFormulaId] = useState('');
  const [labelFields, setLabelFields] = useState<LabelFields>(EMPTY_LABELS);
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number], string>>>({});
  const routings = useRoutingChoices(itemId || null);
  const formulas = useFormulaChoices(itemId || null);
  const create = useCreateOrder();

  const item = items.data?.find((i) => i.id === itemId);

  // A new item brings its default routing and formula.
  useEffect(() => {
    setRoutingId(routings.data?.find((r) => r.isDefault)?.id ?? routings.data?.[0]?.id ?? '');
  }, [routings.data]);
  useEffect(() => {
    setFormulaId(formulas.data?.find((f) => f.isDefault)?.id ?? '');
  }, [formulas.data]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    const required = t('processOrders.create.required');
    if (!itemId) next.itemId = required;
    if (typeof quantity !== 'number' || !(quantity > 0)) next.quantity = t('processOrders.create.quantityPositive');
    const due = jstLocalToIso(dueAt);
    if (!due) next.dueAt = required;
    Object.assign(next, labelFieldErrors(labelFields, t));
    setErrors(next);
    if (Object.keys(next).length > 0 || !due || typeof quantity !== 'number') return;
    create.mutate(
      {
        itemId,
        quantity,
        dueAt: due,
        ...(lotNo.trim() ? { lotNo: lotNo.trim() } : {}),
        ...(routingId ? { routingId } : {}),
        ...(formulaId ? { formulaId } : {}),
        ...labelFieldsInput(labelFields),
      },
      { onSuccess: ({ order }) => void navigate(`/s/process/orders/${order.id}`) },
    );
  };

  const serverField = (name: (typeof FIELDS)[number]) =>
    errors[name] ?? (create.error instanceof ApiError ? create.error.fields[name] : undefined);

  return (
    <Stack maw={880}>
      <Anchor component={Link} to="/s/process/orders" size="sm">
        {t('processOrders.create.back')}
      </Anchor>
      <Title order={1}>{t('processOrders.create.title')}</Title>
      {items.isError && <ErrorAlert error={items.error} onRetry={() => void items.refetch()} />}
      {items.data?.length === 0 && (
        <Text c="dimmed" data-testid="order-no-items">
          {t('processOrders.create.noItems')}
        </Text>
      )}
      <form onSubmit={submit} noValidate aria-label={t('processOrders.create.title')}>
        <Card withBorder>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect
                label={t('processOrders.fields.item')}
                required
                value={itemId}
                onChange={(e) => setItemId(e.currentTarget.value)}
                data={[{ value: '', label: t('processOrders.create.chooseItem') }, ...(items.data ?? []).map((i) => ({ value: i.id, label: `${i.code} ${i.name}` }))]}
                error={serverField('itemId')}
                data-testid="order-item"
              />
              <NumberInput
                label={t('processOrders.fields.quantity')}
                required
                min={0}
                decimalScale={3}
                value={quantity}
                onChange={setQuantity}
                rightSection={<Text size="sm">{item?.unit ?? ''}</Text>}
                rightSectionWidth={item ? 64 : undefined}
                description={item ? t('processOrders.create.unit', { unit: item.unit }) : undefined}
                error={serverField('quantity')}
                data-testid="order-quantity"
              />
              <TextInput
                type="datetime-local"
                label={t('processOrders.fields.dueAtJst')}
                required
                value={dueAt}
                onChange={(e) => setDueAt(e.currentTarget.value)}
                error={serverField('dueAt')}
                data-testid="order-due"
              />
              <TextInput label={t('processOrders.fields.lotNo')} value={lotNo} onChange={(e) => setLotNo(e.currentTarget.value)} maxLength={60} error={serverField('lotNo')} data-testid="order-lot" />
              <NativeSelect
                label={t('processOrders.fields.routing')}
                value={routingId}
                onChange={(e) => setRoutingId(e.currentTarget.value)}
                disabled={!itemId}
                data={[
                  { value: '', label: t('processOrders.create.itemDefault') },
                  ...(routings.data ?? []).map((r) => ({ value: r.id, label: `${r.code} ${r.name}${r.isDefault ? ` (${t('processOrders.create.default')})` : ''}` })),
                ]}
                error={serverField('routingId')}
                data-testid="order-routing"
              />
              <NativeSelect
                label={t('processOrders.fields.formula')}
                value={formulaId}
                onChange={(e) => setFormulaId(e.currentTarget.value)}
                disabled={!itemId}
                data={[
                  { value: '', label: t('processOrders.create.itemDefault') },
                  ...(formulas.data ?? []).map((f) => ({ value: f.id, label: `${f.code} ${f.name}${f.isDefault ? ` (${t('processOrders.create.default')})` : ''}` })),
                ]}
                error={serverField('formulaId')}
                data-testid="order-formula"
              />
            </SimpleGrid>
            <Title order={2} size="h4">
              {t('process.labels.heading')}
            </Title>
            <LabelFieldsEditor
              value={labelFields}
              onChange={(next) => {
                setLabelFields(next);
                setErrors((current) => ({ ...current, remarks: undefined, labels: undefined, classification: undefined, namedUsers: undefined }));
              }}
              readOnly={false}
              errors={{ remarks: serverField('remarks'), labels: serverField('labels'), classification: serverField('classification'), namedUsers: serverField('namedUsers') }}
            />
            {create.isError && <ErrorAlert error={create.error} fieldsShownInline={FIELDS} />}
            <Group>
              <Button type="submit" loading={create.isPending} data-testid="order-submit">
                {t('processOrders.create.submit')}
              </Button>
              <Button component={Link} to="/s/process/orders" variant="default">
                {t('processOrders.create.cancel')}
              </Button>
            </Group>
          </Stack>
        </Card>
      </form>
    </Stack>
  );
}
