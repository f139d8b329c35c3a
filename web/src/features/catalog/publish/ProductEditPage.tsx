import { Alert, Button, Checkbox, Divider, Group, NativeSelect, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import {
  PROCESSING_METHODS,
  PRODUCT_FORMS,
  REGULATORY_FLAGS,
  useCanWriteProducts,
  useCategories,
  useProduct,
  useSaveProduct,
  type CategoryGroup,
  type Product,
  type RegulatoryFlag,
} from '../api';
import { casProblem } from './casNumber';
import { ComponentRows } from './ComponentRows';
import { DocumentsPanel } from './DocumentsPanel';
import { PropertyRows } from './PropertyRows';
import { ProductStateActions } from './ProductStateActions';
import { draftOf, EMPTY_DRAFT, inputOf, numberProblems, type ProductDraft } from './productDraft';
import { NoticeFromState, ReadOnlyNote, serverFieldErrors, StatusBadge } from './shared';

/** Fields with an input of their own; server messages for other paths are listed in the alert. */
const TOP_FIELDS = ['name', 'nameEn', 'grade', 'brand', 'category', 'form', 'description', 'descriptionEn', 'applications', 'processingMethods', 'regulatoryFlags', 'remarks', 'labels'] as const;
const CATEGORY_GROUPS: readonly CategoryGroup[] = ['polymer', 'chemical'];

/** One own product: a new one (`/products/new`) or an existing one; viewers see it read-only. */
export function ProductEditPage() {
  const { productId } = useParams();
  const id = productId === 'new' ? undefined : productId;
  const product = useProduct(id);
  if (id === undefined) return <ProductForm />;
  if (product.isPending) return <LoadingState />;
  if (product.isError) return isApiStatus(product.error, 404) ? <NotFoundContent /> : <ErrorAlert error={product.error} onRetry={() => void product.refetch()} />;
  // Another tenant's published product is not edited here.
  if (!product.data.own) return <NotFoundContent />;
  return <ProductForm product={product.data} onReload={() => void product.refetch()} />;
}

function CategorySelect({ value, onChange, error, disabled }: { value: string; onChange: (code: string) => void; error?: string; disabled: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const categories = useCategories();
  if (categories.isError) return <ErrorAlert error={categories.error} onRetry={() => void categories.refetch()} />;
  const list = categories.data ?? [];
  const known = list.some((c) => c.code === value);
  return (
    <NativeSelect
      label={t('catalogPublish.product.category')}
      description={disabled ? undefined : t('catalogPublish.product.categoryHint')}
      required={!disabled}
      disabled={disabled || categories.isPending}
      value={value}
      error={error}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[
        { value: '', label: t('catalogPublish.product.chooseCategory') },
        ...(value !== '' && !known && !categories.isPending ? [{ value, label: value }] : []),
        ...CATEGORY_GROUPS.map((group) => ({
          group: t(`catalog.enum.categoryGroup.${group}`),
          items: list.filter((c) => c.group === group).map((c) => ({ value: c.code, label: `${c.code} — ${c.name[lang]}` })),
        })),
      ]}
      data-testid="own-product-category"
    />
  );
}

function ProductForm({ product, onReload }: { product?: Product; onReload?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCanWriteProducts();
  const archived = product?.status === 'archived';
  const readOnly = !canWrite || archived;
  const title = product ? product.name : t('catalogPublish.product.newTitle');
  usePageTitle(product ? t('catalogPublish.product.editTitle', { name: product.name }) : title);
  const save = useSaveProduct(product?.id);
  const [draft, setDraft] = useState<ProductDraft>(product ? draftOf(product) : EMPTY_DRAFT);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [dirty, setDirty] = useState(false);

  // The saved (or reloaded) product is what the form shows.
  useEffect(() => {
    if (product) {
      setDraft(draftOf(product));
      setDirty(false);
    }
  }, [product]);

  const set = <K extends keyof ProductDraft>(key: K, value: ProductDraft[K]) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setDirty(true);
    // Row messages are keyed by position; once rows change, the old ones no longer apply.
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([path]) => path !== key && !path.startsWith(`${key}.`))));
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.reset();
    const next: Record<string, string> = numberProblems(draft, t('catalogPublish.notANumber'));
    if (draft.name.trim() === '') next.name = t('catalogPublish.required');
    if (draft.category === '') next.category = t('catalogPublish.required');
    draft.components.forEach((c, i) => {
      if (c.name.trim() === '') next[`components.${i}.name`] = t('catalogPublish.required');
      if (casProblem(c.casNumber) !== null) next[`components.${i}.casNumber`] = t('catalogPublish.components.casShape');
    });
    draft.properties.forEach((p, i) => {
      if (p.key === '') next[`properties.${i}.key`] = t('catalogPublish.required');
      if (p.name.trim() === '') next[`properties.${i}.name`] = t('catalogPublish.required');
    });
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    save.mutate(inputOf(draft, product?.version), {
      onSuccess: (result) => {
        setDirty(false);
        const notice = product ? t('catalogPublish.product.saved', { name: result.name }) : t('catalogPublish.product.created', { name: result.name });
        void navigate(`/s/catalog/products/${result.id}`, { replace: true, state: { notice } });
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  const conflict = isApiStatus(save.error, 409) && save.error.code === 'conflict';
  const shownInline = Object.keys(errors).filter((path) => (TOP_FIELDS as readonly string[]).includes(path) || /^(components|properties)\.\d+\./.test(path));

  return (
    <Stack maw={1100}>
      <Button variant="subtle" size="compact-sm" w="fit-content" onClick={() => void navigate('/s/catalog/products')} data-testid="own-product-back">
        {t('catalogPublish.product.back')}
      </Button>
      <Group gap="sm">
        <Title order={1}>{title}</Title>
        {product && <StatusBadge status={product.status} />}
      </Group>
      <NoticeFromState />
      {!canWrite && <ReadOnlyNote text={t('catalogPublish.readOnly')} />}
      {canWrite && archived && <ReadOnlyNote text={t('catalogPublish.product.archivedNote')} />}
      {product && canWrite && <ProductStateActions product={product} dirty={dirty} />}
      {conflict ? (
        <Alert color="orange" title={t('catalogPublish.conflict.title')} data-testid="own-product-conflict">
          <Text size="sm">{t('catalogPublish.conflict.body')}</Text>
          {onReload && (
            <Button size="xs" mt="sm" variant="light" color="orange" onClick={onReload}>
              {t('catalogPublish.conflict.reload')}
            </Button>
          )}
        </Alert>
      ) : (
        save.isError && <ErrorAlert error={save.error} fieldsShownInline={shownInline} />
      )}
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack>
          <Title order={2} size="h4">
            {t('catalogPublish.product.basics')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('catalogPublish.product.name')}
              required={!readOnly}
              readOnly={readOnly}
              maxLength={200}
              value={draft.name}
              error={errors.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              data-testid="own-product-name"
            />
            <TextInput
              label={t('catalogPublish.product.nameEn')}
              readOnly={readOnly}
              maxLength={200}
              value={draft.nameEn}
              error={errors.nameEn}
              onChange={(e) => set('nameEn', e.currentTarget.value)}
              data-testid="own-product-name-en"
            />
            <TextInput
              label={t('catalogPublish.product.grade')}
              readOnly={readOnly}
              maxLength={100}
              value={draft.grade}
              error={errors.grade}
              onChange={(e) => set('grade', e.currentTarget.value)}
              data-testid="own-product-grade"
            />
            <TextInput
              label={t('catalogPublish.product.brand')}
              readOnly={readOnly}
              maxLength={100}
              value={draft.brand}
              error={errors.brand}
              onChange={(e) => set('brand', e.currentTarget.value)}
              data-testid="own-product-brand"
            />
            <CategorySelect value={draft.category} onChange={(code) => set('category', code)} error={errors.category} disabled={readOnly} />
            <NativeSelect
              label={t('catalogPublish.product.form')}
              disabled={readOnly}
              value={draft.form}
              error={errors.form}
              onChange={(e) => set('form', PRODUCT_FORMS.find((f) => f === e.currentTarget.value) ?? 'other')}
              data={PRODUCT_FORMS.map((f) => ({ value: f, label: t(`catalog.enum.form.${f}`) }))}
              data-testid="own-product-form"
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Textarea
              label={t('catalogPublish.product.description')}
              autosize
              minRows={3}
              maxLength={4000}
              readOnly={readOnly}
              value={draft.description}
              error={errors.description}
              onChange={(e) => set('description', e.currentTarget.value)}
              data-testid="own-product-description"
            />
            <Textarea
              label={t('catalogPublish.product.descriptionEn')}
              autosize
              minRows={3}
              maxLength={4000}
              readOnly={readOnly}
              value={draft.descriptionEn}
              error={errors.descriptionEn}
              onChange={(e) => set('descriptionEn', e.currentTarget.value)}
              data-testid="own-product-description-en"
            />
          </SimpleGrid>
          <TagsInput
            label={t('catalogPublish.product.applications')}
            description={readOnly ? undefined : t('catalogPublish.product.applicationsHint')}
            value={draft.applications}
            onChange={(applications) => set('applications', applications)}
            maxTags={20}
            readOnly={readOnly}
            error={errors.applications}
            clearButtonProps={{ 'aria-label': t('catalogPublish.product.clearApplications') }}
            data-testid="own-product-applications"
          />
          <Checkbox.Group
            label={t('catalogPublish.product.processingMethods')}
            value={draft.knownMethods}
            onChange={(methods) => set('knownMethods', methods)}
            error={errors.processingMethods}
          >
            <Group mt="xs" gap="md">
              {PROCESSING_METHODS.map((method) => (
                <Checkbox key={method} value={method} disabled={readOnly} label={t(`catalog.enum.processingMethod.${method}`)} data-testid={`own-product-method-${method}`} />
              ))}
            </Group>
          </Checkbox.Group>
          <TagsInput
            label={t('catalogPublish.product.otherMethods')}
            description={readOnly ? undefined : t('catalogPublish.product.otherMethodsHint')}
            value={draft.otherMethods}
            onChange={(methods) => set('otherMethods', methods)}
            maxTags={20}
            readOnly={readOnly}
            clearButtonProps={{ 'aria-label': t('catalogPublish.product.clearOtherMethods') }}
            data-testid="own-product-other-methods"
          />
          <Checkbox.Group
            label={t('catalogPublish.product.regulatoryFlags')}
            value={draft.regulatoryFlags}
            onChange={(flags) => set('regulatoryFlags', REGULATORY_FLAGS.filter((f): f is RegulatoryFlag => flags.includes(f)))}
            error={errors.regulatoryFlags}
          >
            <Group mt="xs" gap="md">
              {REGULATORY_FLAGS.map((flag) => (
                <Checkbox key={flag} value={flag} disabled={readOnly} label={t(`catalog.enum.flag.${flag}`)} data-testid={`own-product-flag-${flag}`} />
              ))}
            </Group>
          </Checkbox.Group>
          <Divider />
          <ComponentRows rows={draft.components} onChange={(rows) => set('components', rows)} errors={errors} readOnly={readOnly} />
          <Divider />
          <PropertyRows rows={draft.properties} onChange={(rows) => set('properties', rows)} errors={errors} readOnly={readOnly} />
          <Divider />
          <Title order={2} size="h4">
            {t('catalogPublish.product.internal')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('catalogPublish.product.internalHint')}
          </Text>
          <Textarea
            label={t('catalogPublish.product.remarks')}
            autosize
            minRows={2}
            maxLength={2000}
            readOnly={readOnly}
            value={draft.remarks}
            error={errors.remarks}
            onChange={(e) => set('remarks', e.currentTarget.value)}
            data-testid="own-product-remarks"
          />
          <TagsInput
            label={t('catalogPublish.product.labels')}
            description={readOnly ? undefined : t('catalogPublish.product.labelsHint')}
            value={draft.labels}
            onChange={(labels) => set('labels', labels)}
            maxTags={20}
            readOnly={readOnly}
            error={errors.labels}
            clearButtonProps={{ 'aria-label': t('catalogPublish.product.clearLabels') }}
            data-testid="own-product-labels"
          />
          {!readOnly && (
            <Group>
              <Button type="submit" loading={save.isPending} data-testid="own-product-save">
                {product ? t('catalogPublish.save') : t('catalogPublish.product.createDraft')}
              </Button>
              <Button variant="default" onClick={() => void navigate('/s/catalog/products')}>
                {t('catalogPublish.cancel')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
      {product ? (
        <>
          <Divider />
          <DocumentsPanel productId={product.id} canWrite={canWrite && !archived} />
        </>
      ) : (
        <Text size="sm" c="dimmed">
          {t('catalogPublish.documents.afterSave')}
        </Text>
      )}
    </Stack>
  );
}
