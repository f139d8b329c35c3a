import { Badge, Button, Group, NativeSelect, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { usePageTitle } from '../../../layout/usePageTitle';
import { LabelFieldsEditor } from '../labels/LabelFieldsEditor';
import { labelFieldErrors, labelFieldsInput, type LabelFields } from '../labels/labelFields';
import { ITEM_KINDS, useDeleteRecord, useIsProcessAdmin, useItem, useSaveItem, type Item, type ItemKind } from './api';
import { BackLink, ConfirmDialog, ReadOnlyNote, SaveError, serverFieldErrors } from './shared';

const FIELDS = ['code', 'name', 'kind', 'unit', 'remarks', 'labels', 'classification', 'namedUsers'] as const;
type Field = (typeof FIELDS)[number];

interface Draft extends LabelFields {
  code: string;
  name: string;
  kind: ItemKind;
  unit: string;
}

const EMPTY: Draft = { code: '', name: '', kind: 'raw', unit: 'kg', remarks: '', labels: [], classification: 'general', namedUsers: [] };

function draftOf(item: Item): Draft {
  return { code: item.code, name: item.name, kind: item.kind, unit: item.unit, remarks: item.remarks, labels: item.labels, classification: item.classification, namedUsers: item.namedUsers };
}

/** One item: a new one (`/items/new`) or an existing one, editable by admins, read-only for members. */
export function ItemEditPage() {
  const { itemId } = useParams();
  const id = itemId === 'new' ? undefined : itemId;
  const item = useItem(id);
  if (id === undefined) return <ItemForm />;
  if (item.isPending) return <LoadingState />;
  if (item.isError) return isApiStatus(item.error, 404) ? <NotFoundContent /> : <ErrorAlert error={item.error} onRetry={() => void item.refetch()} />;
  return <ItemForm item={item.data} onReload={() => void item.refetch()} />;
}

function ItemForm({ item, onReload }: { item?: Item; onReload?: () => void }) {
  const { t } = useTranslation();
  const isAdmin = useIsProcessAdmin();
  const navigate = useNavigate();
  const title = item ? t('processMaster.items.editTitle', { code: item.code }) : t('processMaster.items.newTitle');
  usePageTitle(title);
  const save = useSaveItem(item?.id);
  const remove = useDeleteRecord('items');
  const [draft, setDraft] = useState<Draft>(item ? draftOf(item) : EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [confirming, setConfirming] = useState(false);
  const readOnly = !isAdmin;

  // A reload after a conflict brings the current version; the form shows it.
  useEffect(() => {
    if (item) setDraft(draftOf(item));
  }, [item]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.reset();
    const next: Partial<Record<Field, string>> = {};
    if (draft.code.trim() === '') next.code = t('processMaster.required');
    if (draft.name.trim() === '') next.name = t('processMaster.required');
    if (draft.unit.trim() === '') next.unit = t('processMaster.required');
    Object.assign(next, labelFieldErrors(draft, t));
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    save.mutate(
      {
        ...draft,
        ...labelFieldsInput(draft),
        code: draft.code.trim(),
        name: draft.name.trim(),
        unit: draft.unit.trim(),
        ...(item ? { version: item.version } : {}),
      },
      {
        onSuccess: (saved) => void navigate('/s/process/items', { state: { notice: t('processMaster.items.saved', { code: saved.code }) } }),
        onError: (error) => setErrors(serverFieldErrors(error, FIELDS)),
      },
    );
  };

  const confirmDelete = () => {
    if (!item) return;
    remove.mutate(item.id, {
      onSuccess: (answer) =>
        void navigate('/s/process/items', { state: { notice: answer.deleted ? t('processMaster.items.deleted', { code: item.code }) : t('processMaster.items.archivedNotice', { code: item.code }) } }),
    });
  };

  return (
    <Stack maw={820}>
      <BackLink to="/s/process/items" label={t('processMaster.items.back')} />
      <Group gap="sm">
        <Title order={1}>{title}</Title>
        {item?.archived && (
          <Badge color="gray.8" variant="outline">
            {t('processMaster.archived')}
          </Badge>
        )}
      </Group>
      {readOnly && <ReadOnlyNote />}
      {save.isError && <SaveError error={save.error} fields={FIELDS} onReload={onReload} />}
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('processMaster.items.code')}
              description={readOnly ? undefined : t('processMaster.items.codeHint')}
              required={!readOnly}
              readOnly={readOnly}
              maxLength={40}
              value={draft.code}
              error={errors.code}
              onChange={(e) => set('code', e.currentTarget.value)}
              data-testid="item-code"
            />
            <TextInput
              label={t('processMaster.items.name')}
              required={!readOnly}
              readOnly={readOnly}
              maxLength={200}
              value={draft.name}
              error={errors.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              data-testid="item-name"
            />
            <NativeSelect
              label={t('processMaster.items.kind')}
              disabled={readOnly}
              value={draft.kind}
              error={errors.kind}
              onChange={(e) => set('kind', ITEM_KINDS.find((k) => k === e.currentTarget.value) ?? 'raw')}
              data={ITEM_KINDS.map((k) => ({ value: k, label: t(`processMaster.kind.${k}`) }))}
              data-testid="item-kind"
            />
            <TextInput
              label={t('processMaster.items.unit')}
              description={readOnly ? undefined : t('processMaster.items.unitHint')}
              required={!readOnly}
              readOnly={readOnly}
              maxLength={20}
              value={draft.unit}
              error={errors.unit}
              onChange={(e) => set('unit', e.currentTarget.value)}
              data-testid="item-unit"
            />
          </SimpleGrid>
          <LabelFieldsEditor
            value={draft}
            onChange={(labels) => {
              setDraft((current) => ({ ...current, ...labels }));
              setErrors((current) => ({ ...current, remarks: undefined, labels: undefined, classification: undefined, namedUsers: undefined }));
            }}
            readOnly={readOnly}
            errors={errors}
          />
          {isAdmin && (
            <Group justify="space-between">
              <Group>
                <Button type="submit" loading={save.isPending} data-testid="item-save">
                  {t('processMaster.save')}
                </Button>
                <Button variant="default" onClick={() => void navigate('/s/process/items')}>
                  {t('processMaster.cancel')}
                </Button>
              </Group>
              {item && (
                <Button color="red" variant="outline" onClick={() => setConfirming(true)} data-testid="item-delete">
                  {t('processMaster.items.delete')}
                </Button>
              )}
            </Group>
          )}
        </Stack>
      </form>
      {confirming && item && (
        <ConfirmDialog
          title={t('processMaster.items.deleteTitle')}
          message={t('processMaster.items.deleteConfirm', { code: item.code, name: item.name })}
          confirmLabel={t('processMaster.items.delete')}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={confirmDelete}
          onClose={() => {
            setConfirming(false);
            remove.reset();
          }}
        />
      )}
    </Stack>
  );
}
