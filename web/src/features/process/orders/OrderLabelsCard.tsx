import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ClassificationBadge, LabelFieldsEditor } from '../labels/LabelFieldsEditor';
import { LABEL_FIELD_NAMES, labelFieldErrors, labelFieldsInput, type LabelFields } from '../labels/labelFields';
import { useUpdateOrderLabels, type Order } from './api';

type Errors = Partial<Record<keyof LabelFields, string>>;

function labelsOf(order: Order): LabelFields {
  return { remarks: order.remarks, labels: order.labels, classification: order.classification, namedUsers: order.namedUsers };
}

/**
 * The order's classification, labels and remarks, and for 機密 who may see it. Editable while
 * the order is a draft or planned (as the API allows), shown read-only afterwards.
 */
export function OrderLabelsCard({ order, onSaved }: { order: Order; onSaved: () => void }) {
  const { t } = useTranslation();
  const editable = order.status === 'draft' || order.status === 'planned';
  const save = useUpdateOrderLabels(order.id);
  const [draft, setDraft] = useState<LabelFields>(labelsOf(order));
  const [errors, setErrors] = useState<Errors>({});

  // A refreshed order (after a save, a reload or a conflict) shows its current labels.
  useEffect(() => setDraft(labelsOf(order)), [order]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.reset();
    const next = labelFieldErrors(draft, t);
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    save.mutate({ ...labelFieldsInput(draft), version: order.version }, { onSuccess: onSaved });
  };

  const fromServer = (field: keyof LabelFields) => (save.error instanceof ApiError ? save.error.fields[field] : undefined);
  const shown: Errors = Object.fromEntries(LABEL_FIELD_NAMES.map((field) => [field, errors[field] ?? fromServer(field)]));

  return (
    <Card withBorder data-testid="order-labels">
      <form onSubmit={submit} noValidate aria-label={t('process.labels.heading')}>
        <Stack>
          <Group gap="sm">
            <Title order={2} size="h3">
              {t('process.labels.heading')}
            </Title>
            <ClassificationBadge classification={order.classification} />
          </Group>
          <LabelFieldsEditor
            value={draft}
            onChange={(next) => {
              setDraft(next);
              setErrors({});
            }}
            readOnly={!editable}
            errors={shown}
          />
          {save.isError && <ErrorAlert error={save.error} fieldsShownInline={LABEL_FIELD_NAMES} />}
          {editable ? (
            <Group>
              <Button type="submit" loading={save.isPending} data-testid="order-labels-save">
                {t('processOrders.detail.saveLabels')}
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {t('processOrders.detail.labelsLocked')}
            </Text>
          )}
        </Stack>
      </form>
    </Card>
  );
}
