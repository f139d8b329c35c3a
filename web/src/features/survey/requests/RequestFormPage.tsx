import { ActionIcon, Alert, Anchor, Button, Card, Group, NativeSelect, Radio, Stack, Table, Text, Textarea, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { FORMATS_WANTED, findSupplier, useLists, useRequest, useSaveRequest, type FormatWanted, type RequestDetail, type RequestInput } from '../api';
import { ColumnHeads } from '../tableParts';
import { useSurveyAbilities } from './requestApi';
import { ActionError } from './requestLabels';

const BACK = '/s/survey/requests';

interface ItemRow {
  key: number;
  productNumber: string;
  name: string;
  supplierProductNumber: string;
}

interface Draft {
  title: string;
  message: string;
  supplierKind: 'tenant' | 'outside';
  supplierCode: string;
  supplierName: string;
  supplierEmail: string;
  items: ItemRow[];
  formatWanted: FormatWanted;
  listVersionId: string;
  respondBy: string;
  requesterRef: string;
}

const TEXT_FIELDS = ['title', 'supplierCode', 'supplierName', 'supplierEmail', 'respondBy'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

let nextKey = 1;
const emptyItem = (): ItemRow => ({ key: nextKey++, productNumber: '', name: '', supplierProductNumber: '' });

function draftOf(request: RequestDetail | undefined): Draft {
  if (!request) {
    return { title: '', message: '', supplierKind: 'tenant', supplierCode: '', supplierName: '', supplierEmail: '', items: [emptyItem()], formatWanted: 'chemsherpa_ai', listVersionId: '', respondBy: '', requesterRef: '' };
  }
  return {
    title: request.title,
    message: request.message,
    supplierKind: request.supplierKind,
    // The code of a platform supplier is sent again on saving.
    supplierCode: request.supplierCode,
    supplierName: request.supplierKind === 'outside' ? request.supplierName : '',
    supplierEmail: request.supplierEmail,
    items: request.items.map((item) => ({ key: nextKey++, productNumber: item.productNumber, name: item.name, supplierProductNumber: item.supplierProductNumber })),
    formatWanted: request.formatWanted,
    listVersionId: request.listVersionId ?? '',
    respondBy: request.respondBy,
    requesterRef: request.requesterRef,
  };
}

/** 新しい調査依頼: the form for a new request. */
export function NewRequestPage() {
  const { t } = useTranslation();
  usePageTitle(t('surveyRequests.form.newTitle'));
  return <RequestFormFrame title={t('surveyRequests.form.newTitle')} />;
}

/** 調査依頼の下書きを編集: the same form on a draft. */
export function EditRequestPage() {
  const { requestId = '' } = useParams();
  const { t } = useTranslation();
  usePageTitle(t('surveyRequests.form.editTitle'));
  const page = useRequest(requestId);
  if (page.isPending) return <LoadingState />;
  if (page.isError) {
    if (isApiStatus(page.error, 404) || isApiStatus(page.error, 400)) return <NotFoundContent />;
    return <ErrorAlert error={page.error} onRetry={() => void page.refetch()} />;
  }
  return <RequestFormFrame title={t('surveyRequests.form.editTitle')} request={page.data.request} />;
}

function RequestFormFrame({ title, request }: { title: string; request?: RequestDetail }) {
  const { t } = useTranslation();
  const can = useSurveyAbilities();
  const body = !can.write ? (
    <Alert color="blue" title={t('surveyRequests.form.writerOnlyTitle')} data-testid="request-writer-only">
      {t('surveyRequests.form.writerOnly')}
    </Alert>
  ) : request && (request.status !== 'draft' || request.box !== 'outgoing') ? (
    <Alert color="blue" data-testid="request-not-draft">
      {t('surveyRequests.form.notDraft')}
    </Alert>
  ) : (
    <RequestForm request={request} />
  );
  return (
    <Stack maw={1000}>
      <Anchor component={Link} to={request ? `${BACK}/${request.id}` : BACK} size="sm">
        {t('surveyRequests.form.back')}
      </Anchor>
      <Title order={1}>{title}</Title>
      {body}
    </Stack>
  );
}

function RequestForm({ request }: { request: RequestDetail | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const lists = useLists();
  const save = useSaveRequest(request?.id);
  const lookup = useMutation({ mutationFn: findSupplier });
  const [draft, setDraft] = useState<Draft>(() => draftOf(request));
  const [errors, setErrors] = useState<Partial<Record<TextField | 'items', string>>>({});

  const set = <K extends keyof Draft>(name: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [name]: value }));
    setErrors((current) => ({ ...current, [name]: undefined }));
  };
  const setItem = (key: number, patch: Partial<ItemRow>) => {
    setDraft((current) => ({ ...current, items: current.items.map((item) => (item.key === key ? { ...item, ...patch } : item)) }));
    setErrors((current) => ({ ...current, items: undefined }));
  };

  const versions = (lists.data ?? []).filter((list) => !list.archived && list.currentVersion !== null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const required = t('surveyRequests.form.required');
    const next: typeof errors = {};
    if (!draft.title.trim()) next.title = required;
    if (draft.supplierKind === 'tenant' && !draft.supplierCode.trim()) next.supplierCode = required;
    if (draft.supplierKind === 'outside') {
      if (!draft.supplierName.trim()) next.supplierName = required;
      if (!draft.supplierEmail.trim()) next.supplierEmail = required;
    }
    if (!draft.respondBy) next.respondBy = required;
    const items = draft.items.filter((item) => item.productNumber.trim() || item.name.trim() || item.supplierProductNumber.trim());
    if (items.length === 0 || items.some((item) => !item.productNumber.trim() || !item.name.trim())) next.items = t('surveyRequests.form.itemsRequired');
    setErrors(next);
    const first = [...TEXT_FIELDS, 'items' as const].find((name) => next[name] !== undefined);
    if (first !== undefined) {
      document.getElementById(`request-field-${first}`)?.focus();
      return;
    }
    const input: RequestInput = {
      title: draft.title.trim(),
      message: draft.message,
      supplier: draft.supplierKind === 'tenant' ? { kind: 'tenant', code: draft.supplierCode.trim() } : { kind: 'outside', name: draft.supplierName.trim(), email: draft.supplierEmail.trim() },
      items: items.map((item) => ({
        productNumber: item.productNumber.trim(),
        name: item.name.trim(),
        ...(item.supplierProductNumber.trim() ? { supplierProductNumber: item.supplierProductNumber.trim() } : {}),
      })),
      formatWanted: draft.formatWanted,
      listVersionId: draft.listVersionId || null,
      respondBy: draft.respondBy,
      ...(draft.requesterRef.trim() ? { requesterRef: draft.requesterRef.trim() } : {}),
      ...(request ? { version: request.version } : {}),
    };
    save.mutate(input, { onSuccess: (saved) => void navigate(`${BACK}/${saved.id}`, { state: { notice: 'saved' } }) });
  };

  const serverFields = save.error instanceof ApiError ? save.error.fields : {};
  const fieldError = (name: TextField) => errors[name] ?? serverFields[name] ?? (name === 'supplierCode' || name === 'supplierName' || name === 'supplierEmail' ? serverFields.supplier : undefined);

  return (
    <form onSubmit={submit} noValidate aria-label={request ? t('surveyRequests.form.editTitle') : t('surveyRequests.form.newTitle')}>
      <Stack>
        {save.isError && <ActionError error={save.error} fieldsShownInline={['title', 'respondBy', 'supplier', 'items']} />}
        <Card withBorder>
          <Stack>
            <TextInput id="request-field-title" label={t('surveyRequests.fields.title')} required value={draft.title} onChange={(e) => set('title', e.currentTarget.value)} error={fieldError('title')} data-testid="request-title" />
            <Radio.Group label={t('surveyRequests.fields.supplierKind')} value={draft.supplierKind} onChange={(value) => set('supplierKind', value === 'outside' ? 'outside' : 'tenant')}>
              <Group mt="xs">
                <Radio value="tenant" label={t('surveyRequests.supplierKind.tenant')} data-testid="request-supplier-tenant" />
                <Radio value="outside" label={t('surveyRequests.supplierKind.outside')} data-testid="request-supplier-outside" />
              </Group>
            </Radio.Group>
            {draft.supplierKind === 'tenant' ? (
              <Stack gap="xs">
                <Group align="flex-end">
                  <TextInput
                    id="request-field-supplierCode"
                    label={t('surveyRequests.fields.supplierCode')}
                    required
                    value={draft.supplierCode}
                    onChange={(e) => {
                      set('supplierCode', e.currentTarget.value);
                      lookup.reset();
                    }}
                    error={fieldError('supplierCode')}
                    data-testid="request-supplier-code"
                  />
                  <Button variant="light" loading={lookup.isPending} disabled={!draft.supplierCode.trim()} onClick={() => lookup.mutate(draft.supplierCode.trim())} data-testid="request-supplier-lookup">
                    {t('surveyRequests.form.lookup')}
                  </Button>
                </Group>
                {lookup.isSuccess && (
                  <Text size="sm" c="teal.9" data-testid="request-supplier-found">
                    {t('surveyRequests.form.lookupFound', { name: lookup.data.name, code: lookup.data.code })}
                  </Text>
                )}
                {lookup.isError && <ErrorAlert error={lookup.error} />}
              </Stack>
            ) : (
              <Group grow align="flex-start">
                <TextInput id="request-field-supplierName" label={t('surveyRequests.fields.supplierName')} required value={draft.supplierName} onChange={(e) => set('supplierName', e.currentTarget.value)} error={fieldError('supplierName')} data-testid="request-supplier-name" />
                <TextInput id="request-field-supplierEmail" type="email" label={t('surveyRequests.fields.supplierEmail')} required value={draft.supplierEmail} onChange={(e) => set('supplierEmail', e.currentTarget.value)} error={fieldError('supplierEmail')} data-testid="request-supplier-email" />
              </Group>
            )}
            <Textarea label={t('surveyRequests.fields.message')} autosize minRows={3} value={draft.message} onChange={(e) => set('message', e.currentTarget.value)} error={serverFields.message} data-testid="request-message" />
          </Stack>
        </Card>
        <Card withBorder>
          <Stack>
            <Title order={2} size="h4">
              {t('surveyRequests.fields.items')}
            </Title>
            {(errors.items ?? serverFields.items) && (
              <Text c="red.8" size="sm" role="alert" data-testid="request-items-error">
                {errors.items ?? serverFields.items}
              </Text>
            )}
            <Table.ScrollContainer minWidth={640}>
              <Table data-testid="request-items">
                <ColumnHeads
                  labels={[
                    t('surveyRequests.fields.productNumber'),
                    t('surveyRequests.fields.itemName'),
                    t('surveyRequests.fields.supplierProductNumber'),
                    <VisuallyHidden key="actions">{t('surveyRequests.form.actions')}</VisuallyHidden>,
                  ]}
                />
                <Table.Tbody>
                  {draft.items.map((item, index) => (
                    <Table.Tr key={item.key}>
                      <Table.Td>
                        <TextInput
                          id={index === 0 ? 'request-field-items' : undefined}
                          aria-label={`${t('surveyRequests.fields.productNumber')} ${index + 1}`}
                          value={item.productNumber}
                          onChange={(e) => setItem(item.key, { productNumber: e.currentTarget.value })}
                          error={serverFields[`items.${index}.productNumber`]}
                          data-testid={`request-item-number-${index}`}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={`${t('surveyRequests.fields.itemName')} ${index + 1}`}
                          value={item.name}
                          onChange={(e) => setItem(item.key, { name: e.currentTarget.value })}
                          error={serverFields[`items.${index}.name`]}
                          data-testid={`request-item-name-${index}`}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={`${t('surveyRequests.fields.supplierProductNumber')} ${index + 1}`}
                          value={item.supplierProductNumber}
                          onChange={(e) => setItem(item.key, { supplierProductNumber: e.currentTarget.value })}
                          data-testid={`request-item-supplier-number-${index}`}
                        />
                      </Table.Td>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="red.8"
                          disabled={draft.items.length === 1}
                          aria-label={t('surveyRequests.form.removeItem', { row: index + 1 })}
                          onClick={() => set('items', draft.items.filter((other) => other.key !== item.key))}
                        >
                          <span aria-hidden="true">×</span>
                        </ActionIcon>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group>
              <Button variant="light" onClick={() => set('items', [...draft.items, emptyItem()])} disabled={draft.items.length >= 200} data-testid="request-item-add">
                {t('surveyRequests.form.addItem')}
              </Button>
            </Group>
          </Stack>
        </Card>
        <Card withBorder>
          <Stack>
            <NativeSelect
              label={t('surveyRequests.fields.formatWanted')}
              value={draft.formatWanted}
              onChange={(e) => set('formatWanted', FORMATS_WANTED.find((f) => f === e.currentTarget.value) ?? 'any')}
              data={FORMATS_WANTED.map((f) => ({ value: f, label: t(`surveyRequests.format.${f}`) }))}
              data-testid="request-format"
            />
            <NativeSelect
              label={t('surveyRequests.fields.list')}
              description={t('surveyRequests.form.listHint')}
              value={draft.listVersionId}
              onChange={(e) => set('listVersionId', e.currentTarget.value)}
              disabled={lists.isPending}
              data={[
                { value: '', label: t('surveyRequests.form.noList') },
                ...versions.map((list) => ({
                  value: list.currentVersion?.id ?? '',
                  label: `${lang === 'en' && list.nameEn ? list.nameEn : list.name}（${list.currentVersion?.label ?? ''}）`,
                })),
              ]}
              error={serverFields.listVersionId}
              data-testid="request-list"
            />
            {lists.isError && <ErrorAlert error={lists.error} onRetry={() => void lists.refetch()} />}
            <Group grow align="flex-start">
              <TextInput
                id="request-field-respondBy"
                type="date"
                label={t('surveyRequests.fields.respondBy')}
                description={t('surveyRequests.form.respondByHint')}
                required
                value={draft.respondBy}
                onChange={(e) => set('respondBy', e.currentTarget.value)}
                error={fieldError('respondBy')}
                data-testid="request-respond-by"
              />
              <TextInput label={t('surveyRequests.fields.requesterRef')} value={draft.requesterRef} onChange={(e) => set('requesterRef', e.currentTarget.value)} error={serverFields.requesterRef} data-testid="request-ref" />
            </Group>
          </Stack>
        </Card>
        <Group justify="flex-end">
          <Button component={Link} to={request ? `${BACK}/${request.id}` : BACK} variant="default">
            {t('surveyRequests.form.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="request-save">
            {t('surveyRequests.form.saveDraft')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
